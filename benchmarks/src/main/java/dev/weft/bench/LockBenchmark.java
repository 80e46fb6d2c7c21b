// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench;

import dev.weft.bench.kotlin.KotlinDispatchers;
import dev.weft.bench.kotlin.KotlinMutexPeer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A counter incremented under a lock by {@code threads} contending virtual threads (8 or
 * 1,000; coroutines for the Kotlin side), {@value #INCREMENTS} increments in all per invocation,
 * split evenly; the threads are started together and all joined and the counter is consumed. The
 * figure is per increment (lock + increment + unlock), thread starts included on every side.
 *
 * <ul>
 *   <li>{@code weftLock}: {@code dev.weft.Lock} (FIFO, direct hand-off, owned, non-reentrant);
 *   <li>{@code fairReentrantLock}: {@code new ReentrantLock(true)}, the fair peer;
 *   <li>{@code unfairReentrantLock}: {@code new ReentrantLock()}, for information (it barges);
 *   <li>{@code kotlinMutex}: kotlinx.coroutines {@code Mutex()} (fair, non-reentrant), {@code threads}
 *       coroutines on {@code Dispatchers.Default} each doing {@code mutex.withLock { counter++ }}
 *       (see {@link KotlinMutexPeer}); the JMH thread waits in {@code runBlocking}.
 * </ul>
 *
 * <p>Run: {@code java --enable-preview -jar benchmarks/target/benchmarks.jar LockBenchmark}
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
public class LockBenchmark {

    static final int INCREMENTS = 100_000;

    @Param({"8", "1000"})
    public int threads;

    /** The operations every side is measured on. */
    interface Mutex {
        void lock() throws InterruptedException;

        void unlock();
    }

    dev.weft.Lock weft;
    ReentrantLock fair;
    ReentrantLock unfair;
    KotlinMutexPeer kotlin;
    long counter; // guarded by whichever lock the benchmark uses

    @Setup(Level.Iteration)
    public void setUp() {
        weft = new dev.weft.Lock();
        fair = new ReentrantLock(true);
        unfair = new ReentrantLock(false);
        kotlin = new KotlinMutexPeer(KotlinDispatchers.defaultDispatcher());
    }

    @Benchmark
    @OperationsPerInvocation(INCREMENTS)
    public void weftLock(Blackhole bh) throws InterruptedException {
        dev.weft.Lock l = weft;
        run(
                new Mutex() {
                    @Override
                    public void lock() throws InterruptedException {
                        l.acquire();
                    }

                    @Override
                    public void unlock() {
                        l.release();
                    }
                },
                bh);
    }

    @Benchmark
    @OperationsPerInvocation(INCREMENTS)
    public void fairReentrantLock(Blackhole bh) throws InterruptedException {
        ReentrantLock l = fair;
        run(
                new Mutex() {
                    @Override
                    public void lock() throws InterruptedException {
                        l.lockInterruptibly();
                    }

                    @Override
                    public void unlock() {
                        l.unlock();
                    }
                },
                bh);
    }

    @Benchmark
    @OperationsPerInvocation(INCREMENTS)
    public void unfairReentrantLock(Blackhole bh) throws InterruptedException {
        ReentrantLock l = unfair;
        run(
                new Mutex() {
                    @Override
                    public void lock() throws InterruptedException {
                        l.lockInterruptibly();
                    }

                    @Override
                    public void unlock() {
                        l.unlock();
                    }
                },
                bh);
    }

    /**
     * The same critical section ({@code counter++} under the lock, {@link #INCREMENTS} in all,
     * split evenly over {@code threads}) run by {@code threads} coroutines on
     * {@code Dispatchers.Default}'s platform threads, holding a kotlinx.coroutines {@code Mutex};
     * the JMH thread blocks in {@code runBlocking} until they have all completed, and the counter
     * is consumed.
     */
    @Benchmark
    @OperationsPerInvocation(INCREMENTS)
    public void kotlinMutex(Blackhole bh) {
        bh.consume(kotlin.run(threads, INCREMENTS));
    }

    private void run(Mutex mutex, Blackhole bh) throws InterruptedException {
        int perThread = INCREMENTS / threads;
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = Thread.ofVirtual().unstarted(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        mutex.lock();
                        try {
                            counter++;
                        } finally {
                            mutex.unlock();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        for (Thread t : ts) {
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        bh.consume(counter);
    }
}
