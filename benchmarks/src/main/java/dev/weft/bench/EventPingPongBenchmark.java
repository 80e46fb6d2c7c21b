// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench;

import dev.weft.Event;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ping-pong between two virtual threads: {@value #ROUNDS} round trips per invocation, the figure
 * is per round trip (one wake-up each way). Every side starts the same two virtual threads and
 * joins them; only the hand-off differs:
 *
 * <ul>
 *   <li>{@code weftEvent}: two Weft {@code Event}s; each side awaits its event, clears it and sets
 *       the other's;
 *   <li>{@code synchronousQueue}: two {@code SynchronousQueue}s, put and take;
 *   <li>{@code lockSupport}: two volatile flags with {@code LockSupport.park}/{@code unpark}.
 * </ul>
 *
 * <p>Target (README, Benchmarks): Event ≤ 300 ns per round trip. Run:
 * {@code java --enable-preview -jar benchmarks/target/benchmarks.jar EventPingPongBenchmark}
 * (or {@code benchmarks/run quick}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-preview", "-Dweft.engine=threads"})
public class EventPingPongBenchmark {

    static final int ROUNDS = 10_000;

    /** Runs {@code a} and {@code b} in two virtual threads and waits for both. */
    private static void both(Runnable a, Runnable b) throws InterruptedException {
        Thread ta = Thread.ofVirtual().start(a);
        Thread tb = Thread.ofVirtual().start(b);
        ta.join();
        tb.join();
    }

    private interface Body {
        void run() throws InterruptedException;
    }

    private static Runnable unchecked(Body body) {
        return () -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void weftEvent() throws InterruptedException {
        Event ping = new Event();
        Event pong = new Event();
        both(
                unchecked(() -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        ping.set();
                        pong.await();
                        pong.clear();
                    }
                }),
                unchecked(() -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        ping.await();
                        ping.clear();
                        pong.set();
                    }
                }));
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void synchronousQueue() throws InterruptedException {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        Integer token = 1;
        both(
                unchecked(() -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        ping.put(token);
                        pong.take();
                    }
                }),
                unchecked(() -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        pong.put(ping.take());
                    }
                }));
    }

    /** Two flags: each side waits for its own flag, resets it, raises the other's and unparks. */
    private static final class Flags {
        volatile boolean pingRaised;
        volatile boolean pongRaised;
        volatile Thread pinger;
        volatile Thread ponger;
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void lockSupport() throws InterruptedException {
        Flags f = new Flags();
        both(
                () -> {
                    f.pinger = Thread.currentThread();
                    for (int i = 0; i < ROUNDS; i++) {
                        f.pingRaised = true;
                        Thread p = f.ponger;
                        if (p != null) {
                            LockSupport.unpark(p);
                        }
                        while (!f.pongRaised) {
                            LockSupport.park();
                        }
                        f.pongRaised = false;
                    }
                },
                () -> {
                    f.ponger = Thread.currentThread();
                    for (int i = 0; i < ROUNDS; i++) {
                        while (!f.pingRaised) {
                            LockSupport.park();
                        }
                        f.pingRaised = false;
                        f.pongRaised = true;
                        Thread p = f.pinger;
                        if (p != null) {
                            LockSupport.unpark(p);
                        }
                    }
                });
    }
}
