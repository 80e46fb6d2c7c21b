// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench;

import com.softwaremill.jox.Channel;
import dev.weft.Queue;
import dev.weft.bench.kotlin.KotlinChannelPeer;
import dev.weft.bench.kotlin.KotlinDispatchers;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import kotlinx.coroutines.CoroutineDispatcher;
import kotlinx.coroutines.ExecutorCoroutineDispatcher;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Producer/consumer hand-off through a queue: each invocation starts {@code pairs} producer and
 * {@code pairs} consumer virtual threads, the producers put {@value #ITEMS} items in all (an
 * equal share each, with blocking {@code put}), the consumers take them all (blocking
 * {@code get}/{@code take}/{@code receive}) and sum them, and the invocation joins every thread
 * and consumes the sums. The figure is per item ({@code @OperationsPerInvocation}); the thread
 * start-up it includes is shared by every side and is under 1% of an invocation. Items are
 * cached {@code Integer}s, so no side allocates for the payload.
 *
 * <p>{@code impl}, all with capacity {@code capacity}, all on virtual threads but the Kotlin ones:
 * <ul>
 *   <li>{@code weft}: {@link dev.weft.Queue} ({@code put}/{@code get});
 *   <li>{@code arrayBlockingQueue}, {@code linkedBlockingQueue}: the JDK's bounded queues;
 *   <li>{@code jox}: Jox {@code Channel.newBufferedChannel(capacity)} ({@code send}/{@code receive});
 *   <li>{@code synchronousQueue}: the JDK's rendezvous queue (capacity 0: every put waits for a
 *       take), the peer for {@code capacity=1};
 *   <li>{@code linkedTransferQueue}: the JDK's unbounded lock-free queue ({@code put} never
 *       blocks, so {@code capacity} does not apply), a reference for raw speed;
 *   <li>{@code kotlinChannel}: kotlinx.coroutines {@code Channel(capacity)} ({@code send}/{@code receive},
 *       suspending), the producers and consumers being coroutines on {@code Dispatchers.Default}
 *       (platform threads, one per core), as Kotlin code runs them; the JMH thread waits in
 *       {@code runBlocking} (see {@link KotlinChannelPeer});
 *   <li>{@code kotlinChannelVirtual}: the same, the coroutines on
 *       {@code Executors.newVirtualThreadPerTaskExecutor().asCoroutineDispatcher()} (each start
 *       and each resumption after a suspension runs on a new virtual thread), so they share
 *       the virtual-thread scheduler's carriers as the other sides do.
 * </ul>
 *
 * <p>Run: {@code java --enable-preview -jar benchmarks/target/benchmarks.jar QueueBenchmark}
 * (build first with {@code ./mvnw -B -o -q -DskipTests package}); a short run:
 * {@code ... QueueBenchmark -wi 2 -w 1 -i 3 -r 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-preview", "-Xmx2g", "-Dweft.engine=threads"})
public class QueueBenchmark {

    static final int ITEMS = 100_000;

    /** Payloads: boxed once, from the Integer cache. */
    private static final Integer[] PAYLOAD = new Integer[128];

    static {
        for (int i = 0; i < PAYLOAD.length; i++) {
            PAYLOAD[i] = i;
        }
    }

    @Param({
        "weft",
        "arrayBlockingQueue",
        "linkedBlockingQueue",
        "jox",
        "synchronousQueue",
        "linkedTransferQueue",
        "kotlinChannel",
        "kotlinChannelVirtual"
    })
    public String impl;

    @Param({"1", "1024"})
    public int capacity;

    /** Producers, and as many consumers. */
    @Param({"1", "4"})
    public int pairs;

    /** The queue under test, behind one tiny interface so every side runs the same loop. */
    interface Q {
        void put(Integer x) throws InterruptedException;

        Integer take() throws InterruptedException;
    }

    private Q q;

    /** The Kotlin sides' channel, or null for every other side. */
    private KotlinChannelPeer kotlin;

    /** kotlinChannelVirtual's dispatcher, for the whole trial. */
    private ExecutorCoroutineDispatcher virtualDispatcher;

    @Setup(Level.Trial)
    public void setUpTrial() {
        if (impl.equals("kotlinChannelVirtual")) {
            virtualDispatcher = KotlinDispatchers.virtualThreadDispatcher();
        }
    }

    @TearDown(Level.Trial)
    public void tearDownTrial() {
        if (virtualDispatcher != null) {
            virtualDispatcher.close();
        }
    }

    @Setup(Level.Iteration)
    public void setUp() {
        if (impl.startsWith("kotlin")) {
            CoroutineDispatcher d =
                    impl.equals("kotlinChannelVirtual") ? virtualDispatcher : KotlinDispatchers.defaultDispatcher();
            kotlin = new KotlinChannelPeer(capacity, d);
            q = null;
            return;
        }
        kotlin = null;
        q = switch (impl) {
            case "weft" -> {
                Queue<Integer> w = new Queue<>(capacity);
                yield new Q() {
                    public void put(Integer x) throws InterruptedException {
                        w.put(x);
                    }

                    public Integer take() throws InterruptedException {
                        return w.get();
                    }
                };
            }
            case "arrayBlockingQueue" -> blocking(new ArrayBlockingQueue<>(capacity));
            case "linkedBlockingQueue" -> blocking(new LinkedBlockingQueue<>(capacity));
            case "synchronousQueue" -> blocking(new SynchronousQueue<>());
            case "linkedTransferQueue" -> blocking(new LinkedTransferQueue<>());
            case "jox" -> {
                Channel<Integer> c = Channel.newBufferedChannel(capacity);
                yield new Q() {
                    public void put(Integer x) throws InterruptedException {
                        c.send(x);
                    }

                    public Integer take() throws InterruptedException {
                        return c.receive();
                    }
                };
            }
            default -> throw new IllegalArgumentException(impl);
        };
    }

    private static Q blocking(BlockingQueue<Integer> b) {
        return new Q() {
            public void put(Integer x) throws InterruptedException {
                b.put(x);
            }

            public Integer take() throws InterruptedException {
                return b.take();
            }
        };
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public void transfer(Blackhole bh) throws InterruptedException {
        if (kotlin != null) {
            // Kotlin: the same producers and consumers, as coroutines (KotlinChannelPeer).
            for (long s : kotlin.transfer(pairs, ITEMS, PAYLOAD)) {
                bh.consume(s);
            }
            return;
        }
        Q q = this.q;
        int share = ITEMS / pairs;
        long[] sums = new long[pairs];
        Thread[] threads = new Thread[2 * pairs];
        for (int p = 0; p < pairs; p++) {
            int slot = p;
            threads[2 * p] = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < share; i++) {
                        q.put(PAYLOAD[i & 127]);
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            threads[2 * p + 1] = Thread.ofVirtual().start(() -> {
                long sum = 0;
                try {
                    for (int i = 0; i < share; i++) {
                        sum += q.take();
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                sums[slot] = sum;
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        for (long s : sums) {
            bh.consume(s);
        }
    }
}
