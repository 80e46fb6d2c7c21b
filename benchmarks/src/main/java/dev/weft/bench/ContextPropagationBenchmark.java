// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench;

import dev.weft.Task;
import dev.weft.TaskGroup;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
import org.slf4j.MDC;

/**
 * What context propagation costs on fork+join (issue 16): 1,000 trivial tasks forked and
 * joined, as in ForkJoinBenchmark, by a thread whose SLF4J MDC (Logback's) is empty or holds 3
 * entries. {@code weftMdcPropagated} runs with Weft's default MDC propagation; its peer
 * {@code propagationOff} is the same code in a JVM started with {@code -Dweft.context.mdc=false}
 * (no propagator at all). The ratio at {@code mdc=empty} is what every fork pays for the
 * feature; at {@code mdc=three}, what carrying a small MDC into every task costs.
 *
 * <p>Run: {@code java --enable-preview -jar benchmarks/target/benchmarks.jar ContextPropagation}
 * (or {@code benchmarks/run quick}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ContextPropagationBenchmark {

    private static final int TASKS = 1000;
    private static final Integer VALUE = 42;
    private static final Callable<Integer> TRIVIAL = () -> VALUE;

    @Param({"empty", "three"})
    public String mdc;

    @Setup(Level.Trial)
    public void fillMdc() {
        MDC.clear();
        if (mdc.equals("three")) {
            MDC.put("requestId", "req-123456");
            MDC.put("user", "alice");
            MDC.put("route", "/orders/{id}");
        }
    }

    @TearDown(Level.Trial)
    public void clearMdc() {
        MDC.clear();
    }

    @Benchmark
    @Fork(
            value = 1,
            jvmArgsAppend = {"--enable-preview", "-Xmx4g", "-Dweft.engine=threads"})
    public void weftMdcPropagated(Blackhole bh) throws Exception {
        forkAndJoin(bh);
    }

    @Benchmark
    @Fork(
            value = 1,
            jvmArgsAppend = {"--enable-preview", "-Xmx4g", "-Dweft.engine=threads", "-Dweft.context.mdc=false"})
    public void propagationOff(Blackhole bh) throws Exception {
        forkAndJoin(bh);
    }

    private void forkAndJoin(Blackhole bh) throws Exception {
        @SuppressWarnings("unchecked")
        Task<Integer>[] forked = new Task[TASKS];
        TaskGroup.run(tg -> {
            for (int i = 0; i < TASKS; i++) {
                forked[i] = tg.fork(TRIVIAL);
            }
            return null;
        });
        for (Task<Integer> t : forked) {
            bh.consume(t.resultNow());
        }
    }
}
