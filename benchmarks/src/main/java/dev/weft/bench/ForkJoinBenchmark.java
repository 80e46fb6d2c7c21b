// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench;

import com.softwaremill.jox.structured.Scopes;
import dev.weft.Task;
import dev.weft.TaskGroup;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Spawn and join of trivial tasks: {@code tasks} tasks that each return a constant, forked by
 * one thread into one scope and all joined, with every result consumed. The figure is the time
 * for the whole batch; divide by {@code tasks} for the cost per task. Every side uses virtual
 * threads:
 *
 * <ul>
 *   <li>{@code weftTaskGroup}: {@code TaskGroup.run} + {@code fork}, the group joins, on the
 *       default {@code threads} engine;
 *   <li>{@code weftTaskGroupSts}: the same on the {@code sts} engine ({@code -Dweft.engine=sts});
 *   <li>{@code rawVirtualThreads}: {@code Thread.ofVirtual().start()} then {@code join()} each;
 *   <li>{@code virtualThreadExecutor}: {@code Executors.newVirtualThreadPerTaskExecutor()},
 *       submit, {@code get()} each, close;
 *   <li>{@code structuredTaskScope}: JDK 25 {@code StructuredTaskScope.open()}, fork, join;
 *   <li>{@code joxSupervised}: Jox {@code Scopes.supervised} + {@code fork}, join each fork.
 * </ul>
 *
 * <p>Run: {@code java --enable-preview -jar benchmarks/target/benchmarks.jar ForkJoinBenchmark}
 * (or {@code benchmarks/run quick}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-preview", "-Xmx4g", "-Dweft.engine=threads"})
public class ForkJoinBenchmark {

    private static final Integer VALUE = 42;
    private static final Callable<Integer> TRIVIAL = () -> VALUE;

    /** Tasks per group: issue 19's targets name both sizes. */
    @Param({"1000", "100000"})
    public int tasks;

    @Benchmark
    @Fork(
            value = 1,
            jvmArgsAppend = {"--enable-preview", "-Xmx4g", "-Dweft.engine=threads"})
    public void weftTaskGroup(Blackhole bh) throws Exception {
        forkAndJoin(bh);
    }

    @Benchmark
    @Fork(
            value = 1,
            jvmArgsAppend = {"--enable-preview", "-Xmx4g", "-Dweft.engine=sts"})
    public void weftTaskGroupSts(Blackhole bh) throws Exception {
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

    @Benchmark
    public void rawVirtualThreads(Blackhole bh) throws Exception {
        Integer[] results = new Integer[tasks];
        Thread[] threads = new Thread[tasks];
        for (int i = 0; i < threads.length; i++) {
            int slot = i;
            threads[i] = Thread.ofVirtual().start(() -> results[slot] = VALUE);
        }
        for (Thread t : threads) {
            t.join();
        }
        for (Integer r : results) {
            bh.consume(r);
        }
    }

    @Benchmark
    public void virtualThreadExecutor(Blackhole bh) throws Exception {
        @SuppressWarnings("unchecked")
        Future<Integer>[] futures = new Future[tasks];
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < futures.length; i++) {
                futures[i] = ex.submit(TRIVIAL);
            }
            for (Future<Integer> f : futures) {
                bh.consume(f.get());
            }
        }
    }

    @Benchmark
    public void structuredTaskScope(Blackhole bh) throws Exception {
        @SuppressWarnings("unchecked")
        StructuredTaskScope.Subtask<Integer>[] subtasks = new StructuredTaskScope.Subtask[tasks];
        try (var scope = StructuredTaskScope.open()) {
            for (int i = 0; i < subtasks.length; i++) {
                subtasks[i] = scope.fork(TRIVIAL);
            }
            scope.join();
        }
        for (var s : subtasks) {
            bh.consume(s.get());
        }
    }

    @Benchmark
    public void joxSupervised(Blackhole bh) throws Exception {
        @SuppressWarnings("unchecked")
        com.softwaremill.jox.structured.Fork<Integer>[] forks = new com.softwaremill.jox.structured.Fork[tasks];
        Scopes.supervised(scope -> {
            for (int i = 0; i < forks.length; i++) {
                forks[i] = scope.fork(TRIVIAL);
            }
            for (com.softwaremill.jox.structured.Fork<Integer> f : forks) {
                bh.consume(f.join());
            }
            return null;
        });
    }
}
