// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench;

import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.time.Duration;
import java.util.concurrent.Callable;
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
 * Many sleeping tasks, gathered: {@code tasks} (100,000) tasks that each sleep 10 ms and then
 * return a constant, started by one thread and all joined, every result consumed. The figure is
 * the wall time of the whole batch (the sleeps overlap, so it is about 10 ms plus the cost of
 * starting, parking, waking and joining every task). Every side uses one virtual thread per
 * task:
 *
 * <ul>
 *   <li>{@code weftTaskGroup}: {@code TaskGroup.run} + {@code fork}, each task
 *       {@code Weft.sleep}s (a cancellation check, then {@code Thread.sleep});
 *   <li>{@code rawVirtualThreads}: {@code Thread.ofVirtual().start()}, {@code Thread.sleep},
 *       then {@code join()} each;
 *   <li>{@code structuredTaskScope}: JDK 25 {@code StructuredTaskScope.open()}, fork,
 *       {@code Thread.sleep}, join.
 * </ul>
 *
 * <p>Heap per sleeping task is measured apart, by {@link HeapPerTask}.
 *
 * <p>Run: {@code java --enable-preview -jar benchmarks/target/benchmarks.jar SleepingTasksBenchmark}
 * (or {@code benchmarks/run quick SleepingTasks}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-preview", "-Xmx2g", "-Dweft.engine=threads"})
public class SleepingTasksBenchmark {

    private static final Integer VALUE = 42;
    private static final Duration NAP = Duration.ofMillis(10);

    private static final Callable<Integer> WEFT_NAP = () -> {
        Weft.sleep(NAP);
        return VALUE;
    };

    private static final Callable<Integer> THREAD_NAP = () -> {
        Thread.sleep(NAP);
        return VALUE;
    };

    @Param({"100000"})
    public int tasks;

    @Benchmark
    public void weftTaskGroup(Blackhole bh) throws Exception {
        @SuppressWarnings("unchecked")
        Task<Integer>[] forked = new Task[tasks];
        TaskGroup.run(tg -> {
            for (int i = 0; i < forked.length; i++) {
                forked[i] = tg.fork(WEFT_NAP);
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
            threads[i] = Thread.ofVirtual().start(() -> {
                try {
                    results[slot] = THREAD_NAP.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        for (Integer r : results) {
            bh.consume(r);
        }
    }

    @Benchmark
    public void structuredTaskScope(Blackhole bh) throws Exception {
        @SuppressWarnings("unchecked")
        StructuredTaskScope.Subtask<Integer>[] subtasks = new StructuredTaskScope.Subtask[tasks];
        try (var scope = StructuredTaskScope.open()) {
            for (int i = 0; i < subtasks.length; i++) {
                subtasks[i] = scope.fork(THREAD_NAP);
            }
            scope.join();
        }
        for (var s : subtasks) {
            bh.consume(s.get());
        }
    }
}
