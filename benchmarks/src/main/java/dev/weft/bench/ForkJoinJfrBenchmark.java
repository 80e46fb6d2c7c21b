// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench;

import dev.weft.Task;
import dev.weft.TaskGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What Weft's JFR events cost on fork+join: ForkJoinBenchmark's workload (1,000 trivial tasks
 * forked into one TaskGroup and joined, {@code threads} engine), per batch, in three JVMs:
 *
 * <ul>
 *   <li>{@code weftJfrRecording}: a recording runs with the JDK's {@code default} settings plus
 *       the {@code META-INF/weft/weft.jfc} shipped in weft-core, so every task commits a
 *       {@code dev.weft.TaskEnd} (the {@code settings=default,settings=weft.jfc} of the README);
 *   <li>{@code weftJfrTaskEndOver10ms}: the same with {@code dev.weft.TaskEnd#threshold=10ms}, so
 *       that only tasks that ran 10 ms or more are recorded (none here): the code path is timed
 *       and checked but commits nothing;
 *   <li>{@code jfrDefault}: a recording with the JDK's {@code default} settings only, in which
 *       {@code dev.weft.TaskEnd} is off (its default) and the code path runs instrumented;
 *   <li>{@code jfrOff}: no recording: Weft's events are disabled, their code uninstrumented.
 * </ul>
 *
 * <p>So {@code weftJfrRecording / jfrOff} is what recording every task's end costs,
 * {@code weftJfrTaskEndOver10ms / jfrDefault} what timing every task costs when few are
 * committed, and
 * {@code jfrDefault / jfrOff} what a recording costs when Weft's per-task event is off (that
 * includes the JDK's own default events). That disabled events cost nothing is shown by
 * ForkJoinBenchmark run on this build and on the one before the events, in the same session.
 *
 * <p>Run: {@code java --enable-preview -jar benchmarks/target/benchmarks.jar ForkJoinJfr}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ForkJoinJfrBenchmark {

    private static final Integer VALUE = 42;
    private static final Callable<Integer> TRIVIAL = () -> VALUE;
    /** Which recording the JVM runs: set by each method's fork (off, default, weft). */
    private static final String JFR = System.getProperty("bench.jfr", "off");

    @Param({"1000"})
    public int tasks;

    private Recording recording;

    @Setup(Level.Trial)
    public void startRecording() throws IOException, ParseException {
        if (JFR.equals("off")) {
            return;
        }
        Map<String, String> settings =
                new HashMap<>(Configuration.getConfiguration("default").getSettings());
        if (JFR.startsWith("weft")) {
            try (InputStream in = Objects.requireNonNull(
                            ForkJoinJfrBenchmark.class.getResourceAsStream("/META-INF/weft/weft.jfc"),
                            "weft.jfc is not on the class path");
                    Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                settings.putAll(Configuration.create(r).getSettings());
            }
            if (JFR.equals("weft10ms")) {
                settings.put("dev.weft.TaskEnd#threshold", "10 ms"); // only tasks that ran 10 ms or more
            }
        }
        recording = new Recording(settings);
        recording.setToDisk(true); // as -XX:StartFlightRecording does
        recording.setMaxSize(128L << 20); // a few seconds of TaskEnd events, then the oldest go
        recording.start();
    }

    @TearDown(Level.Trial)
    public void stopRecording() {
        if (recording != null) {
            recording.close();
        }
    }

    @Benchmark
    @Fork(
            value = 1,
            jvmArgsAppend = {"--enable-preview", "-Xmx4g", "-Dweft.engine=threads", "-Dbench.jfr=weft"})
    public void weftJfrRecording(Blackhole bh) throws Exception {
        forkAndJoin(bh);
    }

    @Benchmark
    @Fork(
            value = 1,
            jvmArgsAppend = {"--enable-preview", "-Xmx4g", "-Dweft.engine=threads", "-Dbench.jfr=weft10ms"})
    public void weftJfrTaskEndOver10ms(Blackhole bh) throws Exception {
        forkAndJoin(bh);
    }

    @Benchmark
    @Fork(
            value = 1,
            jvmArgsAppend = {"--enable-preview", "-Xmx4g", "-Dweft.engine=threads", "-Dbench.jfr=default"})
    public void jfrDefault(Blackhole bh) throws Exception {
        forkAndJoin(bh);
    }

    @Benchmark
    @Fork(
            value = 1,
            jvmArgsAppend = {"--enable-preview", "-Xmx4g", "-Dweft.engine=threads", "-Dbench.jfr=off"})
    public void jfrOff(Blackhole bh) throws Exception {
        forkAndJoin(bh);
    }

    private void forkAndJoin(Blackhole bh) throws Exception {
        @SuppressWarnings("unchecked")
        Task<Integer>[] forked = new Task[tasks];
        TaskGroup.run(tg -> {
            for (int i = 0; i < forked.length; i++) {
                forked[i] = tg.fork(TRIVIAL);
            }
            return null;
        });
        for (Task<Integer> t : forked) {
            bh.consume(t.resultNow());
        }
    }
}
