// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Unit tests of {@link Queue}, {@link PriorityQueue} and {@link LifoQueue}. Behaviour the three
 * share is one generic test run over every {@link Kind}; only the order tests are per kind.
 * Tests wait for states (a caller parked in the queue, a task done), never for time.
 */
@Timeout(60)
class QueueTest {

    /** The three queue kinds, as factories. */
    enum Kind {
        FIFO {
            @Override
            <T> Queue<T> unbounded() {
                return new Queue<>();
            }

            @Override
            <T> Queue<T> bounded(int maxsize) {
                return new Queue<>(maxsize);
            }
        },
        LIFO {
            @Override
            <T> Queue<T> unbounded() {
                return new LifoQueue<>();
            }

            @Override
            <T> Queue<T> bounded(int maxsize) {
                return new LifoQueue<>(maxsize);
            }
        },
        PRIORITY {
            @Override
            <T> Queue<T> unbounded() {
                return new PriorityQueue<>();
            }

            @Override
            <T> Queue<T> bounded(int maxsize) {
                return new PriorityQueue<>(maxsize);
            }
        };

        abstract <T> Queue<T> unbounded();

        abstract <T> Queue<T> bounded(int maxsize);
    }

    /** Waits until exactly {@code n} callers are parked (or about to park) in {@code q}. */
    static void awaitWaiters(Queue<?> q, int n) {
        await().atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1))
                .until(() -> q.core().waiterCount() == n);
    }

    /** A call made for the exception it throws. */
    interface Throwing {
        void run() throws Exception;
    }

    /** Runs {@code body} and returns what it threw, or null; a task body that must not fail its group. */
    static Throwable thrownBy(Throwing body) {
        try {
            body.run();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    /** Drains {@code q} without waiting. */
    static <T> List<T> drain(Queue<T> q) {
        List<T> out = new ArrayList<>();
        while (!q.isEmpty()) {
            out.add(q.getNowait());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------

    @Nested
    class Construction {
        @ParameterizedTest
        @EnumSource(Kind.class)
        void constructor_zeroOrNegative_throwsIaeNamingUnboundedConstructor(Kind kind) {
            String name = kind.unbounded().getClass().getSimpleName();
            for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
                assertThatThrownBy(() -> kind.bounded(bad))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("new " + name + "<>()")
                        .hasMessageContaining(String.valueOf(bad));
            }
        }

        @Test
        void priorityConstructor_withComparatorAndZero_throwsIae() {
            assertThatThrownBy(() -> new PriorityQueue<Integer>(0, Comparator.naturalOrder()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("new PriorityQueue<>()");
            assertThatThrownBy(() -> new PriorityQueue<Integer>(null)).isInstanceOf(NullPointerException.class);
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void maxsize_unboundedIsZero_boundedIsCapacity(Kind kind) {
            assertThat(kind.unbounded().maxsize()).isZero();
            assertThat(kind.bounded(7).maxsize()).isEqualTo(7);
            assertThat(kind.unbounded().isFull()).isFalse();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void unbounded_acceptsManyItemsWithoutBlocking(Kind kind) {
            Queue<Integer> q = kind.unbounded();
            for (int i = 0; i < 10_000; i++) {
                q.putNowait(i);
            }
            assertThat(q.size()).isEqualTo(10_000);
            assertThat(q.isFull()).isFalse();
            assertThat(drain(q))
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, 10_000).boxed().toList());
        }
    }

    @Nested
    class Order {
        @Test
        void fifo_get_returnsItemsInPutOrder() throws Exception {
            Queue<Integer> q = new Queue<>(4);
            List<Integer> got = new ArrayList<>();
            for (int round = 0; round < 10; round++) { // wraps the ring several times
                for (int i = 0; i < 3; i++) {
                    q.put(round * 3 + i);
                }
                for (int i = 0; i < 3; i++) {
                    got.add(q.get());
                }
            }
            assertThat(got).isEqualTo(IntStream.range(0, 30).boxed().toList());
        }

        @Test
        void fifo_unboundedGrowth_keepsOrder() {
            Queue<Integer> q = new Queue<>();
            for (int i = 0; i < 5; i++) {
                q.putNowait(i);
            }
            q.getNowait();
            q.getNowait(); // head is now mid-array: growth must unwrap the ring in order
            for (int i = 5; i < 100; i++) {
                q.putNowait(i);
            }
            assertThat(drain(q)).isEqualTo(IntStream.range(2, 100).boxed().toList());
        }

        @Test
        void lifo_get_returnsNewestFirst() throws Exception {
            Queue<String> q = new LifoQueue<>();
            q.put("a");
            q.put("b");
            q.put("c");
            assertThat(q.get()).isEqualTo("c");
            q.put("d");
            assertThat(List.of(q.get(), q.get(), q.get())).containsExactly("d", "b", "a");
        }

        @Test
        void priority_naturalOrder_returnsLeastFirst() throws Exception {
            Queue<Integer> q = new PriorityQueue<>();
            List<Integer> in =
                    new java.util.Random(42).ints(1_000, 0, 100).boxed().toList();
            for (int x : in) {
                q.put(x);
            }
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < in.size(); i++) {
                out.add(q.get());
            }
            assertThat(out).isEqualTo(in.stream().sorted().toList());
        }

        record Job(int priority, int seq) {}

        @Test
        void priority_comparator_isStableAmongEquals() throws Exception {
            PriorityQueue<Job> q =
                    new PriorityQueue<>(Comparator.comparingInt(Job::priority).reversed());
            java.util.Random r = new java.util.Random(7);
            List<Job> in = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                in.add(new Job(r.nextInt(10), i));
            }
            for (Job j : in) {
                q.put(j);
            }
            List<Job> out = new ArrayList<>();
            for (int i = 0; i < in.size(); i++) {
                out.add(q.get());
            }
            // Highest priority first; equal priorities in put order (List.sort is stable).
            List<Job> expected = new ArrayList<>(in);
            expected.sort(Comparator.comparingInt(Job::priority).reversed());
            assertThat(out).isEqualTo(expected);
        }

        @Test
        void priority_boundedFullWithWaitingPutter_putterItemTakesItsPlaceInOrder() throws Exception {
            PriorityQueue<Integer> q = new PriorityQueue<>(2);
            q.put(5);
            q.put(1);
            TaskGroup.run(tg -> {
                tg.fork(() -> {
                    q.put(0);
                    return null;
                });
                awaitWaiters(q, 1);
                assertThat(q.get()).isEqualTo(1); // frees a slot: 0 moves in
                assertThat(q.get()).isEqualTo(0);
                assertThat(q.get()).isEqualTo(5);
                return null;
            });
        }

        @Test
        void priority_nonComparableItem_throwsClassCastExceptionAndInsertsNothing() {
            PriorityQueue<Object> q = new PriorityQueue<>();
            assertThatThrownBy(() -> q.put(new Object()))
                    .isInstanceOf(ClassCastException.class)
                    .hasMessageContaining("Comparable");
            assertThat(q.size()).isZero();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void putMethods_nullItem_throwNpeWithMessage(Kind kind) {
            Queue<Integer> q = kind.bounded(2);
            assertThatThrownBy(() -> q.put(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("null");
            assertThatThrownBy(() -> q.putNowait(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("null");
            assertThatThrownBy(() -> q.offer(null, Duration.ZERO))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("null");
            assertThatThrownBy(() -> q.offer(1, null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> q.poll(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> q.join(null)).isInstanceOf(NullPointerException.class);
            assertThat(q.size()).isZero();
        }

        @Test
        void fifo_singleProducer_itemsComeOutInOrder() throws Exception {
            Queue<Integer> q = new Queue<>(8);
            int n = 100_000;
            List<Integer> out = new ArrayList<>(n);
            TaskGroup.run(tg -> {
                tg.fork(() -> {
                    for (int i = 0; i < n; i++) {
                        q.put(i);
                    }
                    return null;
                });
                for (int i = 0; i < n; i++) {
                    out.add(q.get());
                }
                return null;
            });
            assertThat(out).isEqualTo(IntStream.range(0, n).boxed().toList());
        }
    }

    // ------------------------------------------------------------------------------------------

    @Nested
    class Blocking {
        @ParameterizedTest
        @EnumSource(Kind.class)
        void put_whenFull_blocksUntilGetFreesASlot(Kind kind) throws Exception {
            Queue<Integer> q = kind.bounded(2);
            q.put(1);
            q.put(2);
            assertThat(q.isFull()).isTrue();
            TaskGroup.run(tg -> {
                Task<Object> putter = tg.fork(() -> {
                    q.put(3);
                    return null;
                });
                awaitWaiters(q, 1);
                assertThat(putter.isDone()).isFalse();
                assertThat(q.size()).isEqualTo(2);
                q.get();
                putter.join();
                assertThat(q.size()).isEqualTo(2);
                return null;
            });
            assertThat(q.core().unfinished()).isEqualTo(3);
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void get_whenEmpty_blocksUntilPut(Kind kind) throws Exception {
            Queue<Integer> q = kind.bounded(2);
            TaskGroup.run(tg -> {
                Task<Integer> getter = tg.fork(q::get);
                awaitWaiters(q, 1);
                assertThat(getter.isDone()).isFalse();
                q.put(42);
                assertThat(getter.join()).isEqualTo(42);
                assertThat(q.size()).as("handed straight to the getter").isZero();
                return null;
            });
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void getters_areServedInArrivalOrder(Kind kind) throws Exception {
            Queue<Integer> q = kind.unbounded();
            TaskGroup.run(tg -> {
                List<Task<Integer>> getters = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    getters.add(tg.fork(q::get));
                    awaitWaiters(q, i + 1);
                }
                for (int i = 0; i < 5; i++) {
                    q.put(i);
                }
                for (int i = 0; i < 5; i++) {
                    assertThat(getters.get(i).join()).isEqualTo(i);
                }
                return null;
            });
        }

        @Test
        void putters_areServedInArrivalOrder() throws Exception {
            Queue<Integer> q = new Queue<>(1);
            q.put(-1);
            TaskGroup.run(tg -> {
                for (int i = 0; i < 5; i++) {
                    int x = i;
                    tg.fork(() -> {
                        q.put(x);
                        return null;
                    });
                    awaitWaiters(q, i + 1);
                }
                List<Integer> out = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    out.add(q.get());
                }
                assertThat(out).containsExactly(-1, 0, 1, 2, 3, 4);
                return null;
            });
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void putNowait_whilePutterWaits_doesNotBargePastIt(Kind kind) throws Exception {
            Queue<Integer> q = kind.bounded(1);
            q.put(1);
            TaskGroup.run(tg -> {
                Task<Object> putter = tg.fork(() -> {
                    q.put(2);
                    return null;
                });
                awaitWaiters(q, 1);
                assertThat(q.get()).isEqualTo(1); // the freed slot goes to the waiting putter
                assertThatThrownBy(() -> q.putNowait(3)).isInstanceOf(QueueFullException.class);
                putter.join();
                assertThat(q.getNowait()).isEqualTo(2);
                return null;
            });
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void nowait_onFullOrEmpty_throw(Kind kind) {
            Queue<Integer> q = kind.bounded(1);
            assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmptyException.class);
            q.putNowait(1);
            assertThatThrownBy(() -> q.putNowait(2))
                    .isInstanceOf(QueueFullException.class)
                    .hasMessageContaining("full");
            assertThat(q.getNowait()).isEqualTo(1);
            assertThat(q.isEmpty()).isTrue();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void offer_whenFull_returnsFalseAtDeadlineAndInsertsNothing(Kind kind) throws Exception {
            Queue<Integer> q = kind.bounded(1);
            q.put(1);
            assertThat(q.offer(2, Duration.ofMillis(20))).isFalse();
            assertThat(q.offer(2, Duration.ZERO)).isFalse();
            assertThat(q.offer(2, Duration.ofSeconds(-5)))
                    .as("negative means zero")
                    .isFalse();
            assertThat(q.size()).isEqualTo(1);
            assertThat(q.core().waiterCount()).isZero();
            assertThat(q.core().unfinished()).isEqualTo(1);
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void offer_whenSlotFreesBeforeDeadline_returnsTrue(Kind kind) throws Exception {
            Queue<Integer> q = kind.bounded(1);
            q.put(1);
            TaskGroup.run(tg -> {
                Task<Boolean> offer = tg.fork(() -> q.offer(2, Duration.ofMinutes(5)));
                awaitWaiters(q, 1);
                q.get();
                assertThat(offer.join()).isTrue();
                return null;
            });
            assertThat(q.getNowait()).isEqualTo(2);
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void poll_whenEmpty_returnsEmptyAtDeadline(Kind kind) throws Exception {
            Queue<Integer> q = kind.bounded(1);
            assertThat(q.poll(Duration.ofMillis(20))).isEmpty();
            assertThat(q.poll(Duration.ZERO)).isEmpty();
            assertThat(q.poll(Duration.ofDays(-1))).as("negative means zero").isEmpty();
            assertThat(q.core().waiterCount()).isZero();
            q.put(5);
            assertThat(q.poll(Duration.ZERO)).contains(5);
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void poll_itemArrivesBeforeDeadline_returnsIt(Kind kind) throws Exception {
            Queue<Integer> q = kind.bounded(1);
            TaskGroup.run(tg -> {
                Task<Optional<Integer>> poll = tg.fork(() -> q.poll(Duration.ofDays(365_000))); // saturates
                awaitWaiters(q, 1);
                q.put(9);
                assertThat(poll.join()).contains(9);
                return null;
            });
        }

        @Test
        void nowait_neverFailSpuriously_underContention() throws Exception {
            // J2: putNowait fails only if the queue is full, getNowait only if it is empty. Permits
            // track a lower bound of free slots and of queued items; with a permit in hand the
            // nowait call must succeed, however the other 15 tasks interleave.
            int cap = 16;
            int perTask = 20_000;
            Queue<Integer> q = new Queue<>(cap);
            java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(cap);
            java.util.concurrent.Semaphore items = new java.util.concurrent.Semaphore(0);
            TaskGroup.run(tg -> {
                for (int p = 0; p < 8; p++) {
                    tg.fork(() -> {
                        for (int i = 0; i < perTask; i++) {
                            slots.acquire();
                            q.putNowait(i);
                            items.release();
                        }
                        return null;
                    });
                    tg.fork(() -> {
                        for (int i = 0; i < perTask; i++) {
                            items.acquire();
                            q.getNowait();
                            slots.release();
                        }
                        return null;
                    });
                }
                return null;
            });
            assertThat(q.isEmpty()).isTrue();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void bounded_neverHoldsMoreThanMaxsize_with8ProducersAnd8Consumers(Kind kind) throws Exception {
            int cap = 4;
            int perProducer = 10_000;
            Queue<Integer> q = kind.bounded(cap);
            java.util.concurrent.atomic.AtomicInteger maxSeen = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.LongAdder received = new java.util.concurrent.atomic.LongAdder();
            TaskGroup.run(tg -> {
                for (int p = 0; p < 8; p++) {
                    tg.fork(() -> {
                        for (int i = 0; i < perProducer; i++) {
                            q.put(i);
                            maxSeen.accumulateAndGet(q.size(), Math::max);
                        }
                        return null;
                    });
                    tg.fork(() -> {
                        for (int i = 0; i < perProducer; i++) {
                            q.get();
                            received.increment();
                            maxSeen.accumulateAndGet(q.size(), Math::max);
                        }
                        return null;
                    });
                }
                return null;
            });
            assertThat(maxSeen.get()).isBetween(1, cap);
            assertThat(received.sum()).isEqualTo(8L * perProducer);
            assertThat(q.isEmpty()).isTrue();
        }
    }

    // ------------------------------------------------------------------------------------------

    @Nested
    class JoinAndTaskDone {
        @ParameterizedTest
        @EnumSource(Kind.class)
        void join_noItems_returnsAtOnce(Kind kind) throws Exception {
            Queue<Integer> q = kind.unbounded();
            q.join();
            assertThat(q.join(Duration.ZERO)).isTrue();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void join_returnsOnlyAfterEveryItemPutIsDone(Kind kind) throws Exception {
            Queue<Integer> q = kind.unbounded();
            for (int i = 0; i < 3; i++) {
                q.put(i);
            }
            TaskGroup.run(tg -> {
                Task<Object> joiner = tg.fork(() -> {
                    q.join();
                    return null;
                });
                awaitWaiters(q, 1);
                for (int i = 0; i < 3; i++) {
                    q.get();
                }
                q.taskDone();
                q.taskDone();
                assertThat(q.core().waiterCount())
                        .as("join still waiting for one item")
                        .isEqualTo(1);
                assertThat(joiner.isDone()).isFalse();
                assertThat(q.join(Duration.ZERO)).isFalse();
                q.taskDone();
                joiner.join();
                return null;
            });
            assertThat(q.join(Duration.ZERO)).isTrue();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void join_timed_returnsFalseWhileItemsAreUnfinished(Kind kind) throws Exception {
            Queue<Integer> q = kind.unbounded();
            q.put(1);
            assertThat(q.join(Duration.ofMillis(20))).isFalse();
            assertThat(q.join(Duration.ofMillis(-1))).isFalse();
            assertThat(q.core().waiterCount()).isZero();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void taskDone_calledOnceTooOften_throwsIse(Kind kind) throws Exception {
            Queue<Integer> q = kind.unbounded();
            assertThatThrownBy(q::taskDone)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("taskDone() called more times");
            q.put(1);
            q.put(2);
            q.get();
            q.taskDone();
            q.get();
            q.taskDone();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
            q.join();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void taskDone_countsItemsHandedToWaitingGettersAndMovedInFromWaitingPutters(Kind kind) throws Exception {
            Queue<Integer> q = kind.bounded(1);
            TaskGroup.run(tg -> {
                Task<Integer> getter = tg.fork(q::get);
                awaitWaiters(q, 1);
                q.put(1); // handed off
                getter.join();
                q.put(2);
                tg.fork(() -> {
                    q.put(3); // waits, then moved in by the get below
                    return null;
                });
                awaitWaiters(q, 1);
                q.get();
                return null;
            });
            assertThat(q.core().unfinished()).isEqualTo(3);
        }
    }

    // ------------------------------------------------------------------------------------------

    /** Ports the spirit of CPython's test_queues.py test_shutdown_* to Weft. */
    @Nested
    class Shutdown {
        @ParameterizedTest
        @EnumSource(Kind.class)
        void shutdown_putsThrow_getsDrainThenThrow(Kind kind) throws Exception {
            Queue<Integer> q = kind.bounded(3);
            q.put(1);
            q.put(2);
            q.shutdown();
            assertThat(q.isShutdown()).isTrue();
            assertThatThrownBy(() -> q.put(3)).isInstanceOf(QueueShutdownException.class);
            assertThatThrownBy(() -> q.putNowait(3)).isInstanceOf(QueueShutdownException.class);
            assertThatThrownBy(() -> q.offer(3, Duration.ZERO)).isInstanceOf(QueueShutdownException.class);
            assertThat(List.of(q.get(), q.getNowait())).containsExactlyInAnyOrder(1, 2);
            assertThatThrownBy(q::get).isInstanceOf(QueueShutdownException.class);
            assertThatThrownBy(q::getNowait).isInstanceOf(QueueShutdownException.class);
            assertThatThrownBy(() -> q.poll(Duration.ofMinutes(1))).isInstanceOf(QueueShutdownException.class);
            assertThat(q.core().unfinished())
                    .as("graceful shutdown leaves the count alone")
                    .isEqualTo(2);
            q.shutdown(); // idempotent
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void shutdown_wakesWaitingPuttersWithShutdown_itemNotInserted(Kind kind) throws Exception {
            Queue<Integer> q = kind.bounded(1);
            q.put(1);
            TaskGroup.run(tg -> {
                Task<Object> putter = tg.fork(() -> thrownBy(() -> q.put(2)));
                Task<Object> offer = tg.fork(() -> thrownBy(() -> q.offer(3, Duration.ofMinutes(5))));
                awaitWaiters(q, 2);
                q.shutdown();
                assertThat(putter.join()).isInstanceOf(QueueShutdownException.class);
                assertThat(offer.join()).isInstanceOf(QueueShutdownException.class);
                return null;
            });
            assertThat(drain(q)).containsExactly(1);
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void shutdown_wakesWaitingGettersWithShutdown(Kind kind) throws Exception {
            Queue<Integer> q = kind.unbounded();
            List<Throwable> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
            TaskGroup.run(tg -> {
                for (int i = 0; i < 3; i++) {
                    boolean timed = i > 0;
                    tg.fork(() -> {
                        try {
                            return !timed
                                    ? q.get()
                                    : q.poll(Duration.ofMinutes(5)).orElseThrow();
                        } catch (QueueShutdownException e) {
                            outcomes.add(e);
                            return null;
                        }
                    });
                }
                awaitWaiters(q, 3);
                q.shutdown();
                return null;
            });
            assertThat(outcomes).hasSize(3);
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void shutdownImmediate_returnsDroppedItems_countsThemDone_joinWaitsForTakenItems(Kind kind) throws Exception {
            Queue<Integer> q = kind.unbounded();
            for (int i = 1; i <= 5; i++) {
                q.put(i);
            }
            Integer taken1 = q.get();
            Integer taken2 = q.get();
            TaskGroup.run(tg -> {
                Task<Object> joiner = tg.fork(() -> {
                    q.join();
                    return null;
                });
                awaitWaiters(q, 1);
                List<Integer> dropped = q.shutdown(true);
                List<Integer> all = new ArrayList<>(dropped);
                all.add(taken1);
                all.add(taken2);
                assertThat(all).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
                assertThat(dropped).hasSize(3);
                assertThat(q.size()).isZero();
                assertThat(q.core().unfinished()).isEqualTo(2);
                assertThat(joiner.isDone()).as("two taken items not yet done").isFalse();
                q.taskDone();
                assertThat(q.core().waiterCount()).isEqualTo(1);
                q.taskDone();
                joiner.join();
                return null;
            });
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void shutdownImmediate_dropsInGetOrder() {
            Queue<Integer> fifo = new Queue<>();
            LifoQueue<Integer> lifo = new LifoQueue<>();
            PriorityQueue<Integer> prio = new PriorityQueue<>();
            for (int x : new int[] {3, 1, 2}) {
                fifo.putNowait(x);
                lifo.putNowait(x);
                prio.putNowait(x);
            }
            assertThat(fifo.shutdownNow()).containsExactly(3, 1, 2);
            assertThat(lifo.shutdown(true)).containsExactly(2, 1, 3);
            assertThat(prio.shutdownNow()).containsExactly(1, 2, 3);
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void shutdownImmediate_wakesEveryWaiter_andReleasesJoinWhenNothingWasTaken(Kind kind) throws Exception {
            Queue<Integer> full = kind.bounded(1);
            Queue<Integer> empty = kind.bounded(1);
            full.put(0);
            TaskGroup.run(tg -> {
                Task<Object> putter = tg.fork(() -> thrownBy(() -> full.put(1)));
                Task<Object> joiner = tg.fork(() -> {
                    full.join();
                    return null;
                });
                Task<Object> getter = tg.fork(() -> thrownBy(empty::get));
                awaitWaiters(full, 2);
                awaitWaiters(empty, 1);
                assertThat(full.shutdownNow()).containsExactly(0);
                assertThat(empty.shutdownNow()).isEmpty();
                assertThat(putter.join()).isInstanceOf(QueueShutdownException.class);
                assertThat(getter.join()).isInstanceOf(QueueShutdownException.class);
                joiner.join(); // the only item put was dropped, so counted done
                return null;
            });
            assertThat(full.core().unfinished()).isZero();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void shutdownThenShutdownImmediate_dropsWhatIsLeft(Kind kind) {
            // CPython test_shutdown_allowed_transitions: graceful, then immediate.
            Queue<Integer> q = kind.unbounded();
            q.putNowait(1);
            assertThat(q.shutdown(false)).isEmpty();
            assertThat(q.shutdown(true)).containsExactly(1);
            assertThat(q.shutdown(true)).isEmpty();
        }
    }

    // ------------------------------------------------------------------------------------------

    /** A blocking queue call, to drive one test body through every method. */
    interface Call {
        Object call(Queue<Integer> q) throws Exception;
    }

    record Named(String name, Call call, boolean blocksOnFull) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every blocking method, in a state where it would otherwise return at once. */
    static Stream<Arguments> blockingCallsThatWouldSucceed() {
        return Stream.of(
                        new Named(
                                "put",
                                q -> {
                                    q.put(1);
                                    return null;
                                },
                                false),
                        new Named("offer", q -> q.offer(1, Duration.ofMinutes(1)), false),
                        new Named("offer(0)", q -> q.offer(1, Duration.ZERO), false),
                        new Named("get", Queue::get, true),
                        new Named("poll", q -> q.poll(Duration.ofMinutes(1)), true),
                        new Named("poll(0)", q -> q.poll(Duration.ZERO), true),
                        new Named(
                                "join",
                                q -> {
                                    q.join();
                                    return null;
                                },
                                false),
                        new Named("join(timeout)", q -> q.join(Duration.ofMinutes(1)), false))
                .flatMap(c -> Stream.of(Kind.values()).map(k -> Arguments.of(k, c)));
    }

    /** Every blocking method, in a state where it blocks. */
    static Stream<Arguments> blockingCallsThatBlock() {
        return Stream.of(
                        new Named(
                                "put",
                                q -> {
                                    q.put(1);
                                    return null;
                                },
                                true),
                        new Named("offer", q -> q.offer(1, Duration.ofMinutes(5)), true),
                        new Named("get", Queue::get, false),
                        new Named("poll", q -> q.poll(Duration.ofMinutes(5)), false),
                        new Named(
                                "join",
                                q -> {
                                    q.join();
                                    return null;
                                },
                                false),
                        new Named("join(timeout)", q -> q.join(Duration.ofMinutes(5)), false))
                .flatMap(c -> Stream.of(Kind.values()).map(k -> Arguments.of(k, c)));
    }

    @Nested
    class Cancelling {
        /**
         * Sticky cancellation (README, Guarantees): a cancelled task that swallowed its InterruptedException
         * gets another from its next blocking queue call, even one that could complete at once;
         * and that call changes nothing in the queue.
         */
        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("dev.weft.QueueTest#blockingCallsThatWouldSucceed")
        void blockingCall_inCancelledTaskThatSwallowedInterrupt_throwsAtOnce(Kind kind, Named next) throws Exception {
            Queue<Integer> q = kind.bounded(2);
            if (next.blocksOnFull()) { // a get: give it an item it could take
                q.put(7);
                q.taskDone();
            }
            int sizeBefore = q.size();
            Throwable second =
                    CancelledTask.nextCallAfterSwallowedCancel(() -> next.call().call(q));
            assertThat(second).isInstanceOf(InterruptedException.class);
            assertThat(q.size()).isEqualTo(sizeBefore);
            assertThat(q.core().unfinished()).isZero();
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("dev.weft.QueueTest#blockingCallsThatWouldSucceed")
        void blockingCall_withInterruptPending_throwsAtOnceAndClearsStatus(Kind kind, Named next) throws Exception {
            Queue<Integer> q = kind.bounded(2);
            if (next.blocksOnFull()) {
                q.put(7);
                q.taskDone();
            }
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> next.call().call(q)).isInstanceOf(InterruptedException.class);
            assertThat(Thread.interrupted()).isFalse();
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("dev.weft.QueueTest#blockingCallsThatBlock")
        void blockingCall_interruptedWhileWaiting_throwsClearsStatusAndLeavesQueueUnchanged(Kind kind, Named call)
                throws Exception {
            Queue<Integer> q = kind.bounded(1);
            if (call.blocksOnFull() || call.name().startsWith("join")) {
                q.put(7); // full for put/offer; unfinished for join
            }
            int sizeBefore = q.size();
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            AtomicBoolean statusAfter = new AtomicBoolean(true);
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    call.call().call(q);
                    outcome.set(new AssertionError("returned normally"));
                } catch (Throwable e) {
                    outcome.set(e);
                }
                statusAfter.set(Thread.currentThread().isInterrupted());
            });
            awaitWaiters(q, 1);
            t.interrupt();
            t.join();
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            assertThat(statusAfter).isFalse();
            assertThat(q.size()).isEqualTo(sizeBefore);
            assertThat(q.core().waiterCount()).isZero();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void get_insideWaitForThatExpires_throwsTimeoutAndTakesNothing(Kind kind) throws Exception {
            // asyncio's wait_for(q.get(), t): the deadline cancels the parked get.
            Queue<Integer> q = kind.unbounded();
            assertThatThrownBy(() -> Weft.waitFor(Duration.ofMillis(20), q::get))
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            assertThat(q.core().waiterCount()).isZero();
            q.put(1);
            assertThat(Weft.moveOnAfter(Duration.ofMinutes(1), q::get)).contains(1);
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void get_cancelledWhileWaiting_itemGoesToTheNextGetter(Kind kind) throws Exception {
            // CPython test_cancelled_getters_not_being_held_in_self_getters / test_get_cancelled.
            Queue<Integer> q = kind.unbounded();
            TaskGroup.run(tg -> {
                Task<Integer> first = tg.fork(q::get);
                awaitWaiters(q, 1);
                Task<Integer> second = tg.fork(q::get);
                awaitWaiters(q, 2);
                first.cancel();
                awaitWaiters(q, 1);
                q.put(1);
                assertThat(second.join()).isEqualTo(1);
                assertThatThrownBy(first::join).isInstanceOf(CancellationException.class);
                return null;
            });
            assertThat(q.isEmpty()).isTrue();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void put_cancelledWhileWaiting_itemIsNotInserted(Kind kind) throws Exception {
            // CPython test_put_cancel_drop.
            Queue<Integer> q = kind.bounded(1);
            q.put(1);
            TaskGroup.run(tg -> {
                Task<Object> putter = tg.fork(() -> {
                    q.put(2);
                    return null;
                });
                awaitWaiters(q, 1);
                putter.cancel();
                awaitWaiters(q, 0);
                assertThat(q.get()).isEqualTo(1);
                assertThat(q.isEmpty()).isTrue();
                assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmptyException.class);
                return null;
            });
            assertThat(q.core().unfinished()).isEqualTo(1);
        }

        @Test
        void get_itemHandedOffThenInterrupted_returnsItemWithInterruptSet() throws Exception {
            // The hand-off happens first, the interrupt lands before the getter looks: the getter
            // must return the item and keep the interrupt for its next blocking call.
            Queue<Integer> q = new Queue<>();
            AtomicReference<Object> got = new AtomicReference<>();
            AtomicBoolean interruptDelivered = new AtomicBoolean();
            AtomicReference<Throwable> next = new AtomicReference<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    got.set(q.get());
                } catch (Throwable e) {
                    got.set(e);
                }
                while (!interruptDelivered.get()) {
                    Thread.onSpinWait();
                }
                try {
                    q.get();
                } catch (Throwable e) {
                    next.set(e);
                }
            });
            awaitWaiters(q, 1);
            q.put(42);
            t.interrupt();
            interruptDelivered.set(true);
            t.join();
            assertThat(got.get()).isEqualTo(42);
            assertThat(next.get()).as("interrupt kept for the next call").isInstanceOf(InterruptedException.class);
        }

        /**
         * CPython test_get_cancelled_race, with threads: a put and a cancel reach a waiting getter
         * at the same time, many times over. Each round, either the getter returned the item (and
         * its task still ended cancelled: the interrupt was re-asserted, so its next get threw),
         * or it threw InterruptedException and the item is still in the queue. Never both, never
         * neither.
         */
        @ParameterizedTest
        @EnumSource(Kind.class)
        void get_itemAndCancelRace_itemIsReturnedOrStaysQueued(Kind kind) throws Exception {
            int handedOff = 0;
            int cancelledFirst = 0;
            for (int round = 0; round < 300; round++) {
                Queue<Integer> q = kind.unbounded();
                AtomicReference<Integer> got = new AtomicReference<>();
                AtomicReference<Throwable> afterGot = new AtomicReference<>();
                Task<Object>[] getter = holder();
                TaskGroup.run(tg -> {
                    getter[0] = tg.fork(() -> {
                        got.set(q.get());
                        try {
                            q.get(); // the interrupt must have been re-asserted
                        } catch (Throwable e) {
                            afterGot.set(e);
                        }
                        return null;
                    });
                    awaitWaiters(q, 1);
                    CountDownLatch go = new CountDownLatch(1);
                    tg.fork(() -> {
                        go.await();
                        q.put(1);
                        return null;
                    });
                    go.countDown();
                    getter[0].cancel();
                    return null;
                });
                assertThat(getter[0].isCancelled()).isTrue();
                if (got.get() != null) {
                    handedOff++;
                    assertThat(got.get()).isEqualTo(1);
                    assertThat(afterGot.get()).isInstanceOf(InterruptedException.class);
                    assertThat(q.isEmpty()).isTrue();
                } else {
                    cancelledFirst++;
                    assertThat(drain(q)).containsExactly(1);
                }
                assertThat(q.core().waiterCount()).isZero();
            }
            assertThat(handedOff + cancelledFirst).isEqualTo(300);
        }

        /**
         * CPython test_put_cancelled_race: a get frees the slot a waiting putter needs while the
         * putter is cancelled. Either the put completed (its item is queued, the interrupt was
         * re-asserted) or it threw InterruptedException and its item is nowhere.
         */
        @ParameterizedTest
        @EnumSource(Kind.class)
        void put_slotAndCancelRace_itemIsInsertedAndReportedOrNotInserted(Kind kind) throws Exception {
            for (int round = 0; round < 300; round++) {
                Queue<Integer> q = kind.bounded(1);
                q.put(1);
                AtomicBoolean putReturned = new AtomicBoolean();
                AtomicReference<Throwable> afterPut = new AtomicReference<>();
                Task<Object>[] putter = holder();
                TaskGroup.run(tg -> {
                    putter[0] = tg.fork(() -> {
                        q.put(2);
                        putReturned.set(true);
                        try {
                            q.join(); // the interrupt must have been re-asserted
                        } catch (Throwable e) {
                            afterPut.set(e);
                        }
                        return null;
                    });
                    awaitWaiters(q, 1);
                    CountDownLatch go = new CountDownLatch(1);
                    Task<Integer> getter = tg.fork(() -> {
                        go.await();
                        return q.get();
                    });
                    go.countDown();
                    putter[0].cancel();
                    assertThat(getter.join()).isEqualTo(1);
                    return null;
                });
                if (putReturned.get()) {
                    assertThat(afterPut.get()).isInstanceOf(InterruptedException.class);
                    assertThat(drain(q)).containsExactly(2);
                    assertThat(q.core().unfinished()).isEqualTo(2);
                } else {
                    assertThat(q.isEmpty()).isTrue();
                    assertThat(q.core().unfinished()).isEqualTo(1);
                }
                assertThat(q.core().waiterCount()).isZero();
            }
        }

        @SuppressWarnings("unchecked")
        private static Task<Object>[] holder() {
            return new Task[1];
        }
    }
}
