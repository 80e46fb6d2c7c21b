// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static dev.weft.QueueTest.awaitWaiters;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.QueueTest.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Queue guarantees under load: no item lost or duplicated while consumers are cancelled at
 * random, and O(1) retained waiter nodes after many abandoned waits (jox #48).
 */
@Timeout(60)
class QueueStressTest {

    static final int PRODUCERS = 8;
    static final int CONSUMERS = 8;

    @Nested
    class NoLossNoDuplication {
        /**
         * 8 producers and 8 consumers move the items through a small bounded queue; every 2,000
         * puts, a producer cancels a random consumer (Task.cancel) and forks a replacement. When
         * the producers are done, shutdownNow() drops what is left. Every item must then have
         * been received exactly once or dropped exactly once; in a FIFO queue each consumer sees
         * each producer's items in increasing order.
         */
        @ParameterizedTest(name = "{0} {1} items")
        @CsvSource({"FIFO, 1000000", "LIFO, 200000", "PRIORITY, 200000"})
        void consumersCancelledAtRandom_everyItemReceivedOnceOrStillQueued(Kind kind, int items) throws Exception {
            int perProducer = items / PRODUCERS;
            Queue<Integer> q = kind.bounded(64);
            AtomicIntegerArray seen = new AtomicIntegerArray(items);
            AtomicInteger orderViolations = new AtomicInteger();
            LongAdder cancelledConsumers = new LongAdder();
            AtomicReferenceArray<Task<Object>> consumers = new AtomicReferenceArray<>(CONSUMERS);
            List<Integer> dropped = new ArrayList<>();
            boolean fifo = kind == Kind.FIFO;

            TaskGroup.run(tg -> {
                java.util.concurrent.Callable<Object> consumer = () -> {
                    int[] last = new int[PRODUCERS];
                    java.util.Arrays.fill(last, -1);
                    while (true) {
                        Integer x;
                        try {
                            x = q.get();
                        } catch (QueueShutdownException end) {
                            return null;
                        }
                        seen.incrementAndGet(x);
                        if (fifo) {
                            int p = x / perProducer;
                            int n = x % perProducer;
                            if (n <= last[p]) {
                                orderViolations.incrementAndGet();
                            }
                            last[p] = n;
                        }
                    }
                };
                for (int c = 0; c < CONSUMERS; c++) {
                    consumers.set(c, tg.fork(consumer));
                }
                List<Task<Object>> producers = new ArrayList<>();
                for (int p = 0; p < PRODUCERS; p++) {
                    int base = p * perProducer;
                    producers.add(tg.fork(() -> {
                        for (int i = 0; i < perProducer; i++) {
                            q.put(base + i);
                            if (i % 2_000 == 1_999) {
                                int victim = ThreadLocalRandom.current().nextInt(CONSUMERS);
                                consumers.getAndSet(victim, tg.fork(consumer)).cancel();
                                cancelledConsumers.increment();
                            }
                        }
                        return null;
                    }));
                }
                for (Task<Object> p : producers) {
                    p.join();
                }
                dropped.addAll(q.shutdownNow());
                return null;
            });

            for (int x : dropped) {
                seen.incrementAndGet(x);
            }
            List<Integer> wrong = new ArrayList<>();
            for (int i = 0; i < items && wrong.size() < 10; i++) {
                if (seen.get(i) != 1) {
                    wrong.add(i);
                }
            }
            assertThat(wrong).as("items not seen exactly once").isEmpty();
            assertThat(orderViolations).hasValue(0);
            assertThat(cancelledConsumers.sum()).isEqualTo((long) PRODUCERS * (perProducer / 2_000));
            assertThat(q.core().waiterCount()).isZero();
        }
    }

    @Nested
    class RetainedWaiters {
        /**
         * J1 (jox #48): 100,000 getters that time out, and 2,000 that are cancelled, leave no
         * waiter node behind: the lists never hold more than the waiters parked at that moment.
         */
        @ParameterizedTest
        @EnumSource(Kind.class)
        void abandonedGetters_leaveNoWaiterNodes(Kind kind) throws Exception {
            Queue<Integer> q = kind.unbounded();
            AtomicInteger maxLinked = new AtomicInteger();
            TaskGroup.run(tg -> {
                for (int t = 0; t < 4; t++) {
                    tg.fork(() -> {
                        for (int i = 0; i < 25_000; i++) {
                            assertThat(q.poll(Duration.ofNanos(2_000))).isEmpty();
                            if (i % 64 == 0) {
                                maxLinked.accumulateAndGet(q.core().waiterCount(), Math::max);
                            }
                        }
                        return null;
                    });
                }
                return null;
            });
            assertThat(maxLinked.get()).isLessThanOrEqualTo(4);
            assertThat(q.core().waiterCount()).isZero();

            for (int batch = 0; batch < 4; batch++) {
                TaskGroup.run(tg -> {
                    List<Task<Integer>> getters = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        getters.add(tg.fork(q::get));
                    }
                    awaitWaiters(q, 500);
                    getters.forEach(Task::cancel);
                    for (Task<Integer> g : getters) {
                        try {
                            g.join();
                        } catch (CancellationException expected) {
                            // cancelled while parked
                        }
                    }
                    return null;
                });
                assertThat(q.core().waiterCount()).isZero();
            }
            q.put(1);
            assertThat(q.getNowait()).isEqualTo(1); // still works, nobody stale in line
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void timedOutPutters_leaveNoWaiterNodes(Kind kind) throws Exception {
            Queue<Integer> q = kind.bounded(1);
            q.put(0);
            TaskGroup.run(tg -> {
                for (int t = 0; t < 4; t++) {
                    tg.fork(() -> {
                        for (int i = 0; i < 25_000; i++) {
                            assertThat(q.offer(i, Duration.ofNanos(2_000))).isFalse();
                        }
                        return null;
                    });
                }
                return null;
            });
            assertThat(q.core().waiterCount()).isZero();
            assertThat(q.size()).isEqualTo(1);
            assertThat(q.core().unfinished()).isEqualTo(1);
        }
    }
}
