package dev.weft.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the engine once per JVM from {@code -Dweft.engine}: {@code threads} or {@code sts}.
 * Unset, Weft uses {@code sts} where it can run (JDK 25 started with {@code --enable-preview})
 * and {@code threads} everywhere else, silently. Forced to {@code sts} where it cannot run, it
 * warns once and uses {@code threads}.
 */
public final class Engines {

    private static final Logger LOG = LoggerFactory.getLogger(Engines.class);

    private static final Launcher.Engine CURRENT = choose(System.getProperty("weft.engine"));

    private Engines() {}

    /** The engine task groups use in this JVM. */
    public static Launcher.Engine current() {
        return CURRENT;
    }

    static Launcher.Engine choose(String requested) {
        String r = requested == null ? "" : requested.trim();
        if (r.equals(Launcher.THREADS.name())) {
            return Launcher.THREADS;
        }
        if (!r.isEmpty() && !r.equals(STS)) {
            LOG.warn("weft.engine={} is unknown (use threads or sts); using {}", requested, Launcher.THREADS.name());
            return Launcher.THREADS;
        }
        Launcher.Engine sts = loadSts();
        if (sts != null) {
            return sts;
        }
        if (r.equals(STS)) {
            LOG.warn(
                    "weft.engine=sts needs JDK 25 started with --enable-preview (this is {} {}); using {}",
                    System.getProperty("java.vm.name"),
                    Runtime.version(),
                    Launcher.THREADS.name());
        } else {
            LOG.debug("sts engine not usable on this runtime; using {}", Launcher.THREADS.name());
        }
        return Launcher.THREADS;
    }

    private static final String STS = "sts";

    /**
     * The sts engine is compiled for JDK 25 with preview features; on any other runtime, or
     * without --enable-preview, its classes fail to load. That failure is the test.
     */
    private static Launcher.Engine loadSts() {
        if (Runtime.version().feature() != 25) {
            return null;
        }
        try {
            return (Launcher.Engine) Class.forName("dev.weft.internal.sts.StsEngine")
                    .getConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }
}
