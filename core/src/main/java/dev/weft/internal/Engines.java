// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the engine once per JVM from {@code -Dweft.engine}: {@code threads} or {@code sts}.
 * Unset, Weft uses {@code sts} where it can run (JDK 25 started with {@code --enable-preview})
 * and {@code threads} everywhere else, silently.
 *
 * <p>When sts is asked for where it cannot run, Weft says so once, at INFO, and uses
 * {@code threads}. Asked for means {@code -Dweft.engine=sts}, or {@code --enable-preview} on a
 * JDK that is 25 or newer: the sts engine is compiled for JDK 25 with preview features, and a
 * preview class file loads only on the JDK it was compiled for, so a JDK 26 runs threads even
 * with preview features on. (On JDK 21 to 24, {@code --enable-preview} is for other previews:
 * nothing is said.)
 */
public final class Engines {

    private static final Logger LOG = LoggerFactory.getLogger(Engines.class);

    private static final String STS = "sts";
    /** The only JDK whose preview class files the sts engine's are: it is built for it. */
    static final int STS_JDK = 25;

    private static final Launcher.Engine CURRENT =
            choose(System.getProperty("weft.engine"), Runtime.version(), Engines::loadSts, Engines::previewEnabled);

    private Engines() {}

    /** The engine task groups use in this JVM. */
    public static Launcher.Engine current() {
        return CURRENT;
    }

    /**
     * The engine for a JVM where {@code -Dweft.engine} is {@code requested} (null if unset), on
     * the JDK of version {@code jdk}. {@code loadSts} loads the sts engine (called only on JDK 25);
     * {@code previewEnabled} tells whether the JVM runs with preview features on (called only
     * when the answer decides whether to log).
     */
    static Launcher.Engine choose(
            String requested, Runtime.Version jdk, Callable<Launcher.Engine> loadSts, BooleanSupplier previewEnabled) {
        String r = requested == null ? "" : requested.trim();
        if (r.equals(Launcher.THREADS.name())) {
            return Launcher.THREADS;
        }
        if (!r.isEmpty() && !r.equals(STS)) {
            LOG.warn("weft.engine={} is unknown (use threads or sts); using {}", requested, Launcher.THREADS.name());
            return Launcher.THREADS;
        }
        boolean forced = r.equals(STS);
        String whyNot;
        boolean previewOff = false;
        if (jdk.feature() != STS_JDK) {
            whyNot = "it is compiled for JDK " + STS_JDK + " with preview features, and such class files load only"
                    + " on the JDK they were compiled for";
        } else {
            try {
                return loadSts.call();
            } catch (UnsupportedClassVersionError e) {
                // JDK 25 refuses a preview class file only when preview features are off.
                whyNot = "JDK " + STS_JDK + " runs it only with --enable-preview";
                previewOff = true;
            } catch (ClassNotFoundException | NoClassDefFoundError e) {
                whyNot = "this weft-core jar was built without it (by a JDK older than " + STS_JDK + ")";
            } catch (Exception | LinkageError e) {
                whyNot = "it failed to start: " + e;
            }
        }
        boolean asked = forced || (jdk.feature() >= STS_JDK && !previewOff && previewEnabled.getAsBoolean());
        if (asked) {
            LOG.info(
                    "{} asks for the sts engine, which cannot run on JDK {}: {}; using the {} engine",
                    forced ? "-Dweft.engine=sts" : "--enable-preview",
                    jdk,
                    whyNot,
                    Launcher.THREADS.name());
        } else {
            LOG.debug("sts engine not usable on this runtime ({}); using {}", whyNot, Launcher.THREADS.name());
        }
        return Launcher.THREADS;
    }

    /**
     * The sts engine is compiled for JDK 25 with preview features; without --enable-preview its
     * classes fail to load. That failure is the test.
     */
    private static Launcher.Engine loadSts() throws Exception {
        try {
            return (Launcher.Engine) Class.forName("dev.weft.internal.sts.StsEngine")
                    .getConstructor()
                    .newInstance();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    /**
     * Whether this JVM was started with {@code --enable-preview}, as the JVM's input arguments
     * (java.management, read reflectively so that the module need not require it) or, without
     * them, the command line and the launcher's environment say. Called at most once, and only
     * on JDK 25 and newer.
     */
    static boolean previewEnabled() {
        try {
            Object runtime = Class.forName("java.lang.management.ManagementFactory")
                    .getMethod("getRuntimeMXBean")
                    .invoke(null);
            List<?> args = (List<?>) Class.forName("java.lang.management.RuntimeMXBean")
                    .getMethod("getInputArguments")
                    .invoke(runtime);
            return args.contains("--enable-preview");
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            for (String env : new String[] {"JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS"}) {
                String options = System.getenv(env);
                if (options != null && options.contains("--enable-preview")) {
                    return true;
                }
            }
            return ProcessHandle.current()
                    .info()
                    .arguments()
                    .map(a -> Arrays.asList(a).contains("--enable-preview"))
                    .orElse(false);
        }
    }
}
