// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench;

import dev.weft.bench.kotlin.KotlinDispatchers;
import dev.weft.bench.kotlin.KotlinSemaphorePeer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Semaphore acquire + release, Weft's {@code dev.weft.Semaphore} (FIFO with direct hand-off)
 * beside {@code java.util.concurrent.Semaphore} fair and unfair, and (contended only)
 * kotlinx.coroutines' {@code Semaphore} (fair, FIFO).
 *
 * <ul>
 *   <li>{@code uncontended*}: one thread (the JMH thread) acquires and releases a free permit;
 *       the figure is per acquire+release pair.
 *   <li>{@code contended*}: 64 permits, {@value #THREADS} virtual threads each doing
 *       {@value #OPS_PER_THREAD} acquire/release pairs with a token of work while holding the
 *       permit; started together and all joined. The figure is per acquire+release pair
 *       (the batch time divided by {@value #THREADS} x {@value #OPS_PER_THREAD}), thread starts
 *       included on every side. {@code contendedKotlinSemaphore} does the same with
 *       {@value #THREADS} coroutines on {@code Dispatchers.Default} and {@code withPermit}
 *       (see {@link KotlinSemaphorePeer}).
 * </ul>
 *
 * <p>There is no uncontended Kotlin side: its {@code acquire} suspends, so calling it from the JMH
 * thread needs a {@code runBlocking} per call, which would be most of the figure, and its
 * non-suspending {@code tryAcquire} is not the operation the other sides measure.
 *
 * <p>Run: {@code java --enable-preview -jar benchmarks/target/benchmarks.jar SemaphoreBenchmark}
 * (quick look: add {@code -f 1 -wi 2 -i 3 -r 2s -w 1s}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-preview", "-Xmx4g", "-Dweft.engine=threads"})
public class SemaphoreBenchmark {

    static final int PERMITS = 64;
    static final int THREADS = 1_000;
    static final int OPS_PER_THREAD = 100;

    /** The operations every side is measured on. */
    interface Permits {
        void acquire() throws InterruptedException;

        void release();
    }

    dev.weft.Semaphore weft;
    java.util.concurrent.Semaphore fair;
    java.util.concurrent.Semaphore unfair;
    KotlinSemaphorePeer kotlin;

    @Setup(Level.Iteration)
    public void setUp() {
        weft = new dev.weft.Semaphore(PERMITS);
        fair = new java.util.concurrent.Semaphore(PERMITS, true);
        unfair = new java.util.concurrent.Semaphore(PERMITS, false);
        kotlin = new KotlinSemaphorePeer(PERMITS, KotlinDispatchers.defaultDispatcher());
    }

    // ---- uncontended ----

    @Benchmark
    public int uncontendedWeft() throws InterruptedException {
        weft.acquire();
        weft.release();
        return weft.availablePermits();
    }

    @Benchmark
    public int uncontendedJucFair() throws InterruptedException {
        fair.acquire();
        fair.release();
        return fair.availablePermits();
    }

    @Benchmark
    public int uncontendedJucUnfair() throws InterruptedException {
        unfair.acquire();
        unfair.release();
        return unfair.availablePermits();
    }

    // ---- contended: 64 permits, 1,000 virtual threads ----

    @Benchmark
    @OperationsPerInvocation(THREADS * OPS_PER_THREAD)
    public void contendedWeft(Blackhole bh) throws InterruptedException {
        dev.weft.Semaphore s = weft;
        contended(
                new Permits() {
                    @Override
                    public void acquire() throws InterruptedException {
                        s.acquire();
                    }

                    @Override
                    public void release() {
                        s.release();
                    }
                },
                bh);
    }

    @Benchmark
    @OperationsPerInvocation(THREADS * OPS_PER_THREAD)
    public void contendedJucFair(Blackhole bh) throws InterruptedException {
        java.util.concurrent.Semaphore s = fair;
        contended(
                new Permits() {
                    @Override
                    public void acquire() throws InterruptedException {
                        s.acquire();
                    }

                    @Override
                    public void release() {
                        s.release();
                    }
                },
                bh);
    }

    @Benchmark
    @OperationsPerInvocation(THREADS * OPS_PER_THREAD)
    public void contendedJucUnfair(Blackhole bh) throws InterruptedException {
        java.util.concurrent.Semaphore s = unfair;
        contended(
                new Permits() {
                    @Override
                    public void acquire() throws InterruptedException {
                        s.acquire();
                    }

                    @Override
                    public void release() {
                        s.release();
                    }
                },
                bh);
    }

    /**
     * The same fan-out as {@link #contended}: {@value #THREADS} coroutines on
     * {@code Dispatchers.Default}'s platform threads, each doing {@value #OPS_PER_THREAD} times
     * {@code semaphore.withPermit { Blackhole.consumeCPU(8); n++ }} on a kotlinx.coroutines
     * {@code Semaphore(64)}; the JMH thread blocks in {@code runBlocking} until they have all
     * completed, then consumes every coroutine's count.
     */
    @Benchmark
    @OperationsPerInvocation(THREADS * OPS_PER_THREAD)
    public void contendedKotlinSemaphore(Blackhole bh) {
        for (long n : kotlin.contended(THREADS, OPS_PER_THREAD)) {
            bh.consume(n);
        }
    }

    static void contended(Permits permits, Blackhole bh) throws InterruptedException {
        Thread[] threads = new Thread[THREADS];
        long[] done = new long[THREADS];
        for (int t = 0; t < THREADS; t++) {
            int slot = t;
            threads[t] = Thread.ofVirtual().unstarted(() -> {
                long n = 0;
                try {
                    for (int i = 0; i < OPS_PER_THREAD; i++) {
                        permits.acquire();
                        try {
                            Blackhole.consumeCPU(8); // a token of work while holding the permit
                            n++;
                        } finally {
                            permits.release();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done[slot] = n;
            });
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (long n : done) {
            bh.consume(n);
        }
    }
}
