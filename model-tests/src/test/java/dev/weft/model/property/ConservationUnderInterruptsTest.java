// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Lock;
import dev.weft.Queue;
import dev.weft.QueueShutdownException;
import dev.weft.Semaphore;
import dev.weft.Weft;
import dev.weft.model.property.Rounds.Round;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Conservation under random interrupts (the bug classes asyncio and kotlinx.coroutines
 * shipped: lost items, leaked or doubled permits): permits, lock ownership and queue items are never leaked, duplicated or lost; a cancelled get never takes
 * an item it does not return; each producer's items keep their order. Some waits run inside
 * {@link Weft#moveOnAfter}, whose deadline cancels them at a random moment too.
 */
public class ConservationUnderInterruptsTest {

    /** A wait that ends in a move-on deadline, an interrupt, or success. */
    private static <T> Optional<T> maybeMoveOn(Round round, Waiting<T> call) throws InterruptedException {
        if (round.random.nextInt(4) == 0) {
            long micros = 1 + round.random.nextInt(50);
            return Weft.moveOnAfter(Duration.ofNanos(micros * 1_000), call::call);
        }
        return Optional.ofNullable(call.call());
    }

    @FunctionalInterface
    private interface Waiting<T> {
        T call() throws InterruptedException;
    }

    // ---- Semaphore ----

    @Test
    void semaphore_randomInterrupts_permitsNeverLeakedOrDuplicated() throws Exception {
        long start = System.nanoTime();
        int rounds = Rounds.rounds();
        for (int i = 0; i < rounds; i++) {
            Round round = new Round(i);
            int permits = 1 + round.random.nextInt(3);
            int workers = permits + 1 + round.random.nextInt(3);
            Semaphore s = new Semaphore(permits);
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger maxInside = new AtomicInteger();
            for (int w = 0; w < workers; w++) {
                int iterations = 1 + round.random.nextInt(4);
                round.worker(() -> {
                    for (int k = 0; k < iterations; k++) {
                        boolean held;
                        try {
                            held = maybeMoveOn(round, () -> {
                                        s.acquire();
                                        return true;
                                    })
                                    .orElse(false);
                        } catch (InterruptedException e) {
                            held = false; // gave up: it holds nothing
                        }
                        if (held) {
                            int n = inside.incrementAndGet();
                            maxInside.accumulateAndGet(n, Math::max);
                            Thread.onSpinWait();
                            inside.decrementAndGet();
                            s.release();
                        }
                    }
                });
            }
            round.interruptAndJoin(1 + round.random.nextInt(workers * 2));
            assertThat(s.availablePermits()).as(round.describe()).isEqualTo(permits);
            assertThat(maxInside.get()).as(round.describe()).isLessThanOrEqualTo(permits);
        }
        report("Semaphore", rounds, start);
    }

    // ---- Lock ----

    @Test
    void lock_randomInterrupts_ownershipExclusiveAndNeverLeaked() throws Exception {
        long start = System.nanoTime();
        int rounds = Rounds.rounds();
        for (int i = 0; i < rounds; i++) {
            Round round = new Round(i);
            Lock lock = new Lock();
            AtomicReference<Thread> owner = new AtomicReference<>();
            int[] unguarded = {0}; // written only while holding the lock
            AtomicInteger sections = new AtomicInteger();
            int workers = 2 + round.random.nextInt(3);
            for (int w = 0; w < workers; w++) {
                int iterations = 1 + round.random.nextInt(4);
                round.worker(() -> {
                    for (int k = 0; k < iterations; k++) {
                        boolean held;
                        try {
                            held = maybeMoveOn(round, () -> {
                                        lock.acquire();
                                        return true;
                                    })
                                    .orElse(false);
                        } catch (InterruptedException e) {
                            held = false;
                        }
                        if (held) {
                            Thread me = Thread.currentThread();
                            if (!owner.compareAndSet(null, me) || !lock.isHeldByCurrentTask()) {
                                throw new AssertionError("two owners at once");
                            }
                            unguarded[0]++;
                            sections.incrementAndGet();
                            owner.set(null);
                            lock.release();
                        } else if (lock.isHeldByCurrentTask()) {
                            throw new AssertionError("a failed acquire left the lock owned");
                        }
                    }
                });
            }
            round.interruptAndJoin(1 + round.random.nextInt(workers * 2));
            assertThat(lock.isLocked()).as(round.describe()).isFalse();
            assertThat(unguarded[0]).as(round.describe()).isEqualTo(sections.get());
        }
        report("Lock", rounds, start);
    }

    // ---- Queue ----

    @Test
    void queue_randomInterrupts_itemsExactlyOnceAndPerProducerOrderKept() throws Exception {
        long start = System.nanoTime();
        int rounds = Rounds.rounds();
        queueRounds(rounds, Queue::get);
        report("Queue", rounds, start);
    }

    /** How a consumer takes an item: {@link Queue#get} here, a broken variant in the twins. */
    @FunctionalInterface
    public interface Getter {
        Integer get(Queue<Integer> q) throws InterruptedException;
    }

    /**
     * Producers put numbered items (retrying an interrupted put, which inserted nothing),
     * consumers take them with {@code getter} under random interrupts and move-on deadlines
     * until the queue is shut down and drained; then every item must have arrived exactly once,
     * and each consumer must have seen each producer's items in order.
     *
     * @throws AssertionError naming the round and seed, at the first round that breaks it
     */
    public static void queueRounds(int rounds, Getter getter) throws InterruptedException {
        for (int i = 0; i < rounds; i++) {
            Round round = new Round(i);
            Queue<Integer> q = new Queue<>(1 + round.random.nextInt(3));
            int producers = 1 + round.random.nextInt(3);
            int consumers = 1 + round.random.nextInt(3);
            int perProducer = 1 + round.random.nextInt(6);
            AtomicInteger producing = new AtomicInteger(producers);
            List<ConcurrentLinkedQueue<Integer>> received = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                round.worker(() -> {
                    try {
                        for (int seq = 0; seq < perProducer; seq++) {
                            int item = id * 1_000 + seq;
                            // An interrupted put inserted nothing (else the item would arrive
                            // twice): retry the same item until it goes in, so order is kept.
                            for (boolean in = false; !in; ) {
                                try {
                                    in = maybeMoveOn(round, () -> {
                                                q.put(item);
                                                return true;
                                            })
                                            .orElse(false);
                                } catch (InterruptedException e) {
                                    in = false;
                                }
                            }
                        }
                    } finally {
                        if (producing.decrementAndGet() == 0) {
                            q.shutdown(); // consumers drain what is left, then stop
                        }
                    }
                });
            }
            for (int c = 0; c < consumers; c++) {
                ConcurrentLinkedQueue<Integer> mine = new ConcurrentLinkedQueue<>();
                received.add(mine);
                round.worker(() -> {
                    for (; ; ) {
                        try {
                            maybeMoveOn(round, () -> getter.get(q)).ifPresent(mine::add);
                        } catch (InterruptedException e) {
                            // a cancelled get took nothing; keep consuming
                        } catch (QueueShutdownException e) {
                            return;
                        }
                    }
                });
            }
            round.interruptAndJoin(1 + round.random.nextInt((producers + consumers) * 2));
            List<Integer> all = new ArrayList<>();
            for (ConcurrentLinkedQueue<Integer> mine : received) {
                int[] last = new int[producers];
                java.util.Arrays.fill(last, -1);
                for (int item : mine) {
                    int p = item / 1_000;
                    assertThat(item % 1_000)
                            .as(round.describe() + ": producer " + p + "'s order")
                            .isGreaterThan(last[p]);
                    last[p] = item % 1_000;
                }
                all.addAll(mine);
            }
            List<Integer> expected = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                for (int seq = 0; seq < perProducer; seq++) {
                    expected.add(p * 1_000 + seq);
                }
            }
            assertThat(all)
                    .as(round.describe() + ": every item exactly once")
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(q.size()).as(round.describe()).isZero();
        }
    }

    private static void report(String what, int rounds, long start) {
        System.out.printf(
                "[model] ConservationUnderInterruptsTest %s: %d rounds passed in %d ms (seed %d)%n",
                what, rounds, (System.nanoTime() - start) / 1_000_000, Rounds.SEED);
    }
}
