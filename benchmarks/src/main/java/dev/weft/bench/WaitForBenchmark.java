// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench;

import dev.weft.Weft;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a timeout that does not fire: the same small body (a few arithmetic steps on a
 * per-thread counter) run directly, inside {@code Weft.waitFor(1 minute)}, inside
 * {@code Weft.moveOnAfter(1 minute)}, and, as the JDK's ways to bound a call, submitted to a
 * virtual-thread executor and awaited with a timed {@code Future.get}, and through
 * {@code CompletableFuture.supplyAsync(...).orTimeout(...)}. {@code waitFor - direct} is the
 * overhead per call (target: at most 0.5 µs, README, Benchmarks).
 *
 * <p>Run: {@code java --enable-preview -jar benchmarks/target/benchmarks.jar WaitForBenchmark}
 * (or {@code benchmarks/run quick}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-preview", "-Dweft.engine=threads"})
@Threads(1)
public class WaitForBenchmark {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private long counter;
    private ExecutorService executor;

    @Setup
    public void setup() {
        executor = Executors.newVirtualThreadPerTaskExecutor();
    }

    @TearDown
    public void tearDown() {
        executor.close();
    }

    private long body() {
        long c = counter + 1;
        counter = c;
        return c * 31 + (c >>> 3);
    }

    @Benchmark
    public long direct() {
        return body();
    }

    @Benchmark
    public long weftWaitFor() throws Exception {
        return Weft.waitFor(MINUTE, this::body);
    }

    @Benchmark
    public Optional<Long> weftMoveOnAfter() throws Exception {
        return Weft.moveOnAfter(MINUTE, this::body);
    }

    @Benchmark
    public long timedFutureGet() throws Exception {
        Future<Long> f = executor.submit(this::body);
        return f.get(1, TimeUnit.MINUTES);
    }

    @Benchmark
    public long completableFutureOrTimeout() {
        return CompletableFuture.supplyAsync(this::body, executor)
                .orTimeout(1, TimeUnit.MINUTES)
                .join();
    }
}
