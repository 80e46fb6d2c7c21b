// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static dev.weft.QueueTest.awaitWaiters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Queue#asBlockingQueue()} against the {@link BlockingQueue} contract, as the JDK's TCK
 * states it (BlockingQueueTest, AbstractQueueTest, ArrayBlockingQueueTest and
 * LinkedBlockingQueueTest: the semantics re-written from the contract, not the TCK's files), run
 * over every kind of Weft queue, bounded and unbounded; plus Weft's own guarantees through the
 * view (FIFO hand-off, cancellation, shutdown, taskDone accounting) and {@link Queue#peek()} /
 * {@link Queue#drainTo}. Blocking is observed as a caller parked in the queue, never as time.
 */
@Timeout(60)
class BlockingQueueViewTest {

    static final int SIZE = 20;

    /** Every queue kind, bounded (capacity {@link #SIZE}) and unbounded. */
    enum Variant {
        FIFO_BOUNDED(QueueTest.Kind.FIFO, true),
        FIFO_UNBOUNDED(QueueTest.Kind.FIFO, false),
        LIFO_BOUNDED(QueueTest.Kind.LIFO, true),
        LIFO_UNBOUNDED(QueueTest.Kind.LIFO, false),
        PRIORITY_BOUNDED(QueueTest.Kind.PRIORITY, true),
        PRIORITY_UNBOUNDED(QueueTest.Kind.PRIORITY, false);

        final QueueTest.Kind kind;
        final boolean bounded;

        Variant(QueueTest.Kind kind, boolean bounded) {
            this.kind = kind;
            this.bounded = bounded;
        }

        Queue<Integer> empty() {
            return bounded ? kind.bounded(SIZE) : kind.unbounded();
        }

        /** The order gets return items that were put in {@code putOrder}. */
        List<Integer> takeOrder(List<Integer> putOrder) {
            List<Integer> out = new ArrayList<>(putOrder);
            switch (kind) {
                case FIFO -> {}
                case LIFO -> Collections.reverse(out);
                case PRIORITY -> Collections.sort(out);
            }
            return out;
        }

        /** Whether the snapshot (iterator, toArray) is in take order; PriorityQueue's is not. */
        boolean snapshotInTakeOrder() {
            return kind != QueueTest.Kind.PRIORITY;
        }
    }

    /** 0..SIZE-1 in a fixed shuffled order, so the three kinds' orders all differ. */
    static final List<Integer> PUT_ORDER =
            IntStream.range(0, SIZE).map(i -> (i * 7) % SIZE).boxed().toList();

    static Queue<Integer> populated(Variant v) {
        Queue<Integer> q = v.empty();
        for (int x : PUT_ORDER) {
            q.putNowait(x);
        }
        return q;
    }

    /** Drains {@code q} through poll(). */
    static List<Integer> pollAll(BlockingQueue<Integer> q) {
        List<Integer> out = new ArrayList<>();
        for (Integer x; (x = q.poll()) != null; ) {
            out.add(x);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------

    @Nested
    class Capacity {
        @ParameterizedTest
        @EnumSource(Variant.class)
        void newView_isEmpty_remainingCapacityIsMaxsizeOrMaxValue(Variant v) {
            BlockingQueue<Integer> q = v.empty().asBlockingQueue();
            assertThat(q.isEmpty()).isTrue();
            assertThat(q).hasSize(0);
            assertThat(q.remainingCapacity()).isEqualTo(v.bounded ? SIZE : Integer.MAX_VALUE);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void remainingCapacity_tracksSize(Variant v) {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            for (int i = 0; i < SIZE; i++) {
                assertThat(q.remainingCapacity()).isEqualTo(v.bounded ? i : Integer.MAX_VALUE);
                assertThat(q.size()).isEqualTo(SIZE - i);
                q.remove();
            }
            assertThat(q.remainingCapacity()).isEqualTo(v.bounded ? SIZE : Integer.MAX_VALUE);
        }

        @ParameterizedTest
        @EnumSource(value = Variant.class, names = ".*_BOUNDED", mode = EnumSource.Mode.MATCH_ALL)
        void full_offerReturnsFalse_addThrowsIllegalState(Variant v) throws Exception {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            assertThat(q.remainingCapacity()).isZero();
            assertThat(q.offer(99)).isFalse();
            assertThatThrownBy(() -> q.add(99)).isInstanceOf(IllegalStateException.class);
            assertThat(q.offer(99, 0, TimeUnit.SECONDS)).isFalse();
            assertThat(q.offer(99, -1, TimeUnit.SECONDS)).isFalse();
            assertThat(q).hasSize(SIZE).doesNotContain(99);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void offerAndAdd_withRoom_insert(Variant v) {
            BlockingQueue<Integer> q = v.empty().asBlockingQueue();
            assertThat(q.offer(1)).isTrue();
            assertThat(q.add(2)).isTrue();
            assertThat(q).hasSize(2).contains(1, 2);
        }
    }

    @Nested
    class Nulls {
        @ParameterizedTest
        @EnumSource(Variant.class)
        void everyInsertion_null_throwsNpe(Variant v) {
            BlockingQueue<Integer> q = v.empty().asBlockingQueue();
            assertThatThrownBy(() -> q.add(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> q.offer(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> q.put(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> q.offer(null, 1, TimeUnit.SECONDS)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> q.addAll(null)).isInstanceOf(NullPointerException.class);
            assertThat(q).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void addAll_withNullElement_throwsNpeAfterAddingThoseBefore(Variant v) {
            BlockingQueue<Integer> q = v.empty().asBlockingQueue();
            assertThatThrownBy(() -> q.addAll(Arrays.asList(1, 2, null, 3))).isInstanceOf(NullPointerException.class);
            assertThat(q).containsExactlyInAnyOrder(1, 2);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void queries_null_answerNoWithoutThrowing(Variant v) {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            assertThat(q.contains(null)).isFalse();
            assertThat(q.remove(null)).isFalse();
            assertThat(q).hasSize(SIZE);
        }

        @Test
        void naturalOrderPriorityView_nonComparable_throwsClassCast() {
            @SuppressWarnings({"unchecked", "rawtypes"})
            BlockingQueue<Object> q = (BlockingQueue) new PriorityQueue<Integer>().asBlockingQueue();
            assertThatThrownBy(() -> q.offer(new Object())).isInstanceOf(ClassCastException.class);
            assertThat(q).isEmpty();
        }
    }

    @Nested
    class AddAll {
        @ParameterizedTest
        @EnumSource(Variant.class)
        void addAll_self_throwsIae(Variant v) {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            assertThatThrownBy(() -> q.addAll(q)).isInstanceOf(IllegalArgumentException.class);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void addAll_addsEveryElementInTakeOrder(Variant v) {
            BlockingQueue<Integer> q = v.empty().asBlockingQueue();
            assertThat(q.addAll(PUT_ORDER)).isTrue();
            assertThat(pollAll(q)).isEqualTo(v.takeOrder(PUT_ORDER));
        }

        @ParameterizedTest
        @EnumSource(value = Variant.class, names = ".*_BOUNDED", mode = EnumSource.Mode.MATCH_ALL)
        void addAll_insufficientSpace_throwsIllegalStateWhenFull(Variant v) {
            BlockingQueue<Integer> q = v.empty().asBlockingQueue();
            List<Integer> tooMany = IntStream.range(0, SIZE + 5).boxed().toList();
            assertThatThrownBy(() -> q.addAll(tooMany)).isInstanceOf(IllegalStateException.class);
            assertThat(q).hasSize(SIZE);
        }
    }

    @Nested
    class Removal {
        @ParameterizedTest
        @EnumSource(Variant.class)
        void poll_returnsItemsInTakeOrderThenNull(Variant v) {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            assertThat(pollAll(q)).isEqualTo(v.takeOrder(PUT_ORDER));
            assertThat(q.poll()).isNull();
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void timedPollZero_returnsItemsThenNull(Variant v) throws Exception {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < SIZE; i++) {
                got.add(q.poll(0, TimeUnit.MILLISECONDS));
            }
            assertThat(got).isEqualTo(v.takeOrder(PUT_ORDER));
            assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isNull();
            assertThat(q.poll(-5, TimeUnit.DAYS)).isNull();
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void timedPoll_empty_returnsNullNoEarlierThanTheTimeout(Variant v) throws Exception {
            BlockingQueue<Integer> q = v.empty().asBlockingQueue();
            long start = System.nanoTime();
            assertThat(q.poll(20, TimeUnit.MILLISECONDS)).isNull();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void peek_returnsTheNextItemWithoutRemovingIt(Variant v) {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            for (int expected : v.takeOrder(PUT_ORDER)) {
                assertThat(q.peek()).isEqualTo(expected);
                assertThat(q.peek()).isEqualTo(expected);
                assertThat(q.poll()).isEqualTo(expected);
            }
            assertThat(q.peek()).isNull();
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void elementAndRemove_returnTheNextItem_thenThrowNoSuchElement(Variant v) {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            for (int expected : v.takeOrder(PUT_ORDER)) {
                assertThat(q.element()).isEqualTo(expected);
                assertThat(q.remove()).isEqualTo(expected);
            }
            assertThatThrownBy(q::element).isInstanceOf(NoSuchElementException.class);
            assertThatThrownBy(q::remove).isInstanceOf(NoSuchElementException.class);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void removeObject_removesOneEqualItem(Variant v) {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            for (int i = 0; i < SIZE; i += 2) {
                assertThat(q.contains(i)).isTrue();
                assertThat(q.remove(i)).isTrue();
                assertThat(q.contains(i)).isFalse();
                assertThat(q.remove(i)).isFalse();
            }
            assertThat(q).hasSize(SIZE / 2);
            List<Integer> odd = PUT_ORDER.stream().filter(x -> x % 2 == 1).toList();
            assertThat(pollAll(q)).isEqualTo(v.takeOrder(odd));
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void removeObject_equalButDistinctItems_removesOnlyOne(Variant v) {
            BlockingQueue<Integer> q = v.empty().asBlockingQueue();
            q.add(1000);
            q.add(1000);
            q.add(1001);
            assertThat(q.remove(Integer.valueOf(1000))).isTrue();
            assertThat(q).containsExactlyInAnyOrder(1000, 1001);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void clear_emptiesTheQueue(Variant v) {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            q.clear();
            assertThat(q.isEmpty()).isTrue();
            assertThat(q.remainingCapacity()).isEqualTo(v.bounded ? SIZE : Integer.MAX_VALUE);
            q.add(1);
            assertThat(q).containsExactly(1);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void containsAllRetainAllRemoveAll_followCollectionContract(Variant v) {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            assertThat(q.containsAll(List.of(0, 5, 19))).isTrue();
            assertThat(q.containsAll(List.of(0, 99))).isFalse();
            assertThat(q.retainAll(List.of(1, 2, 3, 4, 99))).isTrue();
            assertThat(q).containsExactlyInAnyOrder(1, 2, 3, 4);
            assertThat(q.retainAll(List.of(1, 2, 3, 4))).isFalse();
            assertThat(q.removeAll(List.of(2, 3))).isTrue();
            assertThat(q).containsExactlyInAnyOrder(1, 4);
            assertThat(q.removeIf(x -> x == 4)).isTrue();
            assertThat(q).containsExactly(1);
        }
    }

    @Nested
    class Snapshots {
        @ParameterizedTest
        @EnumSource(Variant.class)
        void toArray_holdsEveryItem_inTakeOrderExceptPriority(Variant v) {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            Object[] a = q.toArray();
            Integer[] b = q.toArray(new Integer[0]);
            if (v.snapshotInTakeOrder()) {
                assertThat(a).containsExactlyElementsOf(v.takeOrder(PUT_ORDER));
                assertThat(b).containsExactlyElementsOf(v.takeOrder(PUT_ORDER));
            } else {
                assertThat(a).containsExactlyInAnyOrderElementsOf(PUT_ORDER);
                assertThat(b).containsExactlyInAnyOrderElementsOf(PUT_ORDER);
            }
            assertThat(q).hasSize(SIZE); // nothing removed
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void toArrayTyped_largerArray_isFilledAndNullTerminated(Variant v) {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            Integer[] big = new Integer[SIZE + 2];
            Arrays.fill(big, 42);
            assertThat(q.toArray(big)).isSameAs(big);
            assertThat(big[SIZE]).isNull();
            assertThat(big[SIZE + 1]).isEqualTo(42);
            assertThat(Arrays.copyOf(big, SIZE)).containsExactlyInAnyOrderElementsOf(PUT_ORDER);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void toArrayTyped_nullOrIncompatibleArray_throws(Variant v) {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            assertThatThrownBy(() -> q.toArray((Object[]) null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> q.toArray(new String[0])).isInstanceOf(ArrayStoreException.class);
            assertThatThrownBy(() -> q.toArray(new String[SIZE])).isInstanceOf(ArrayStoreException.class);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void iterator_visitsEveryItem_inTakeOrderExceptPriority(Variant v) {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            List<Integer> seen = new ArrayList<>();
            for (Iterator<Integer> it = q.iterator(); it.hasNext(); ) {
                seen.add(it.next());
            }
            if (v.snapshotInTakeOrder()) {
                assertThat(seen).isEqualTo(v.takeOrder(PUT_ORDER));
            } else {
                assertThat(seen).containsExactlyInAnyOrderElementsOf(PUT_ORDER);
            }
            assertThat(q.stream().mapToInt(Integer::intValue).sum()).isEqualTo(SIZE * (SIZE - 1) / 2);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void iterator_pastTheEnd_throwsNoSuchElement(Variant v) {
            Iterator<Integer> it = v.empty().asBlockingQueue().iterator();
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void iteratorRemove_removesTheReturnedItem_onlyOnce(Variant v) {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            Iterator<Integer> it = q.iterator();
            assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
            Integer first = it.next();
            it.remove();
            assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
            assertThat(q).hasSize(SIZE - 1).doesNotContain(first);
            Integer second = it.next();
            q.remove(second); // gone already when the iterator removes it: no-op, no exception
            it.remove();
            assertThat(q).hasSize(SIZE - 2);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void iterator_queueModifiedDuringIteration_isWeaklyConsistentWithoutCme(Variant v) {
            BlockingQueue<Integer> q = v.empty().asBlockingQueue();
            q.add(1);
            q.add(2);
            int count = 0;
            for (Iterator<Integer> it = q.iterator(); it.hasNext(); ) {
                it.next();
                q.poll();
                q.offer(3);
                count++;
            }
            assertThat(count).isEqualTo(2);
            assertThat(q).hasSize(2);
            try {
                q.forEach(x -> q.poll());
            } catch (ConcurrentModificationException e) {
                throw new AssertionError("forEach threw CME", e);
            }
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void toString_listsEveryItem(Variant v) {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            String s = q.toString();
            for (int x : PUT_ORDER) {
                assertThat(s).contains(String.valueOf(x));
            }
        }
    }

    @Nested
    class DrainTo {
        @ParameterizedTest
        @EnumSource(Variant.class)
        void drainTo_movesEveryItemInTakeOrder(Variant v) {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            List<Integer> sink = new ArrayList<>();
            assertThat(q.drainTo(sink)).isEqualTo(SIZE);
            assertThat(sink).isEqualTo(v.takeOrder(PUT_ORDER));
            assertThat(q).isEmpty();
            assertThat(q.drainTo(sink)).isZero();
            q.add(1);
            q.add(2);
            assertThat(q.drainTo(sink)).isEqualTo(2);
            assertThat(sink).hasSize(SIZE + 2);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void drainToMax_movesAtMostMax(Variant v) {
            List<Integer> expected = v.takeOrder(PUT_ORDER);
            for (int max : new int[] {1, 5, SIZE, SIZE + 3}) {
                BlockingQueue<Integer> q = populated(v).asBlockingQueue();
                List<Integer> sink = new ArrayList<>();
                int k = Math.min(max, SIZE);
                assertThat(q.drainTo(sink, max)).isEqualTo(k);
                assertThat(sink).isEqualTo(expected.subList(0, k));
                assertThat(q).hasSize(SIZE - k);
            }
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void drainTo_nullSelfOrNonPositive_throwOrDoNothing(Variant v) {
            Queue<Integer> wq = populated(v);
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            assertThatThrownBy(() -> q.drainTo(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> q.drainTo(null, 1)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> q.drainTo(q)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> q.drainTo(q, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> q.drainTo(wq.asBlockingQueue())).isInstanceOf(IllegalArgumentException.class);
            List<Integer> sink = new ArrayList<>();
            assertThat(q.drainTo(sink, 0)).isZero();
            assertThat(q.drainTo(sink, -1)).isZero();
            assertThat(sink).isEmpty();
            assertThat(q).hasSize(SIZE);
        }

        @ParameterizedTest
        @EnumSource(value = Variant.class, names = ".*_BOUNDED", mode = EnumSource.Mode.MATCH_ALL)
        void drainTo_fullQueueWithParkedPutters_admitsThemIntoTheFreedSlots(Variant v) throws Exception {
            Queue<Integer> wq = populated(v);
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                tt.fork(tg, () -> {
                    q.put(100);
                    return null;
                });
                awaitWaiters(wq, 1);
                tt.fork(tg, () -> {
                    q.put(101);
                    return null;
                });
                awaitWaiters(wq, 2);
                List<Integer> sink = new ArrayList<>();
                assertThat(q.drainTo(sink)).isEqualTo(SIZE); // as many as were queued when it started
                List<Integer> all = new ArrayList<>(sink);
                all.addAll(q);
                assertThat(all)
                        .containsExactlyInAnyOrderElementsOf(
                                IntStream.concat(IntStream.range(0, SIZE), IntStream.of(100, 101))
                                        .boxed()
                                        .toList());
                if (v.kind != QueueTest.Kind.LIFO) {
                    // a LifoQueue puts an admitted item on top, where the same drain may take it
                    assertThat(sink).isEqualTo(v.takeOrder(PUT_ORDER));
                    assertThat(q).containsExactlyInAnyOrder(100, 101);
                }
                return null;
            });
            tt.assertAllEnded();
            assertThat(wq.core().waiterCount()).isZero();
            assertThat(q).hasSize(2);
        }
    }

    @Nested
    class Blocking {
        @ParameterizedTest
        @EnumSource(Variant.class)
        void putAndTake_roundTripInTakeOrder(Variant v) throws Exception {
            BlockingQueue<Integer> q = v.empty().asBlockingQueue();
            for (int x : PUT_ORDER) {
                q.put(x);
            }
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < SIZE; i++) {
                got.add(q.take());
            }
            assertThat(got).isEqualTo(v.takeOrder(PUT_ORDER));
        }

        @ParameterizedTest
        @EnumSource(value = Variant.class, names = ".*_BOUNDED", mode = EnumSource.Mode.MATCH_ALL)
        void put_full_blocksUntilATakeFreesASlot(Variant v) throws Exception {
            Queue<Integer> wq = populated(v);
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                Task<Object> putter = tt.fork(tg, () -> {
                    q.put(100);
                    return null;
                });
                awaitWaiters(wq, 1);
                assertThat(putter.isDone()).isFalse();
                assertThat(q.take()).isEqualTo(v.takeOrder(PUT_ORDER).get(0));
                putter.join();
                return null;
            });
            tt.assertAllEnded();
            assertThat(q).hasSize(SIZE).contains(100);
        }

        @ParameterizedTest
        @EnumSource(value = Variant.class, names = ".*_BOUNDED", mode = EnumSource.Mode.MATCH_ALL)
        void put_blockedThenInterrupted_throwsIe_statusCleared_nothingInserted(Variant v) throws Exception {
            Queue<Integer> wq = populated(v);
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            assertBlockedCallInterrupted(wq, () -> q.put(100));
            assertThat(q).hasSize(SIZE).doesNotContain(100);
        }

        @ParameterizedTest
        @EnumSource(value = Variant.class, names = ".*_BOUNDED", mode = EnumSource.Mode.MATCH_ALL)
        void timedOffer_blockedThenInterrupted_throwsIe_statusCleared(Variant v) throws Exception {
            Queue<Integer> wq = populated(v);
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            assertBlockedCallInterrupted(wq, () -> q.offer(100, 1, TimeUnit.HOURS));
            assertThat(q).hasSize(SIZE).doesNotContain(100);
        }

        @ParameterizedTest
        @EnumSource(value = Variant.class, names = ".*_BOUNDED", mode = EnumSource.Mode.MATCH_ALL)
        void timedOffer_full_returnsFalseNoEarlierThanTheTimeout(Variant v) throws Exception {
            BlockingQueue<Integer> q = populated(v).asBlockingQueue();
            long start = System.nanoTime();
            assertThat(q.offer(100, 20, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void take_empty_blocksUntilAPut(Variant v) throws Exception {
            Queue<Integer> wq = v.empty();
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            TaskThreads tt = new TaskThreads();
            int got = TaskGroup.run(tg -> {
                Task<Integer> taker = tt.fork(tg, q::take);
                awaitWaiters(wq, 1);
                assertThat(taker.isDone()).isFalse();
                q.put(7);
                return taker.join();
            });
            tt.assertAllEnded();
            assertThat(got).isEqualTo(7);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void take_blockedThenInterrupted_throwsIe_statusCleared_laterItemStays(Variant v) throws Exception {
            Queue<Integer> wq = v.empty();
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            assertBlockedCallInterrupted(wq, q::take);
            q.put(5);
            assertThat(q.poll()).isEqualTo(5);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void timedPoll_blockedThenInterrupted_throwsIe_statusCleared(Variant v) throws Exception {
            Queue<Integer> wq = v.empty();
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            assertBlockedCallInterrupted(wq, () -> q.poll(1, TimeUnit.HOURS));
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void blockingCalls_afterInterrupt_throwIeAtOnce_statusCleared_queueUntouched(Variant v) throws Exception {
            Queue<Integer> wq = populated(v);
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            List<Throwing> calls = List.of(
                    q::take,
                    () -> q.poll(1, TimeUnit.HOURS),
                    () -> q.poll(0, TimeUnit.SECONDS),
                    () -> q.put(100),
                    () -> q.offer(100, 1, TimeUnit.HOURS));
            for (Throwing call : calls) {
                Thread.currentThread().interrupt();
                assertThatThrownBy(call::run).isInstanceOf(InterruptedException.class);
                assertThat(Thread.interrupted()).isFalse();
            }
            assertThat(q).hasSize(SIZE).doesNotContain(100);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void timedPoll_hugeTimeout_saturatesAndWaitsForTheItem(Variant v) throws Exception {
            Queue<Integer> wq = v.empty();
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            TaskThreads tt = new TaskThreads();
            Integer got = TaskGroup.run(tg -> {
                Task<Integer> taker = tt.fork(tg, () -> q.poll(Long.MAX_VALUE, TimeUnit.DAYS));
                awaitWaiters(wq, 1);
                q.put(3);
                return taker.join();
            });
            tt.assertAllEnded();
            assertThat(got).isEqualTo(3);
        }

        @ParameterizedTest
        @EnumSource(value = Variant.class, names = ".*_BOUNDED", mode = EnumSource.Mode.MATCH_ALL)
        void timedOffer_hugeTimeout_saturatesAndWaitsForASlot(Variant v) throws Exception {
            Queue<Integer> wq = populated(v);
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            TaskThreads tt = new TaskThreads();
            boolean inserted = TaskGroup.run(tg -> {
                Task<Boolean> putter = tt.fork(tg, () -> q.offer(100, Long.MAX_VALUE, TimeUnit.NANOSECONDS));
                awaitWaiters(wq, 1);
                q.take();
                return putter.join();
            });
            tt.assertAllEnded();
            assertThat(inserted).isTrue();
            assertThat(q).contains(100);
        }

        /** Runs {@code call} in a task, waits until it is parked in {@code wq}, interrupts its thread. */
        void assertBlockedCallInterrupted(Queue<Integer> wq, Throwing call) throws Exception {
            TaskThreads tt = new TaskThreads();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean interruptedAfter = new AtomicBoolean(true);
            TaskGroup.run(tg -> {
                Thread th = tt.forkAndGetThread(tg, () -> {
                    try {
                        call.run();
                    } catch (Throwable e) {
                        thrown.set(e);
                        interruptedAfter.set(Thread.currentThread().isInterrupted());
                    }
                    return null;
                });
                awaitWaiters(wq, 1);
                th.interrupt(); // a plain interrupt, not a Weft cancellation
                return null;
            });
            tt.assertAllEnded();
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
            assertThat(interruptedAfter.get())
                    .as("interrupt status after the InterruptedException")
                    .isFalse();
            assertThat(wq.core().waiterCount()).isZero();
        }
    }

    /** A call made for the exception it throws. */
    interface Throwing {
        void run() throws Exception;
    }

    @Nested
    class WeftGuarantees {
        @ParameterizedTest
        @EnumSource(Variant.class)
        void take_parkedTakers_areServedInArrivalOrder(Variant v) throws Exception {
            Queue<Integer> wq = v.empty();
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            TaskThreads tt = new TaskThreads();
            List<Integer> got = TaskGroup.run(tg -> {
                List<Task<Integer>> takers = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    takers.add(tt.fork(tg, q::take));
                    awaitWaiters(wq, i + 1);
                }
                q.put(10);
                q.put(11);
                q.put(12);
                List<Integer> out = new ArrayList<>();
                for (Task<Integer> t : takers) {
                    out.add(t.join());
                }
                return out;
            });
            tt.assertAllEnded();
            assertThat(got).containsExactly(10, 11, 12); // direct hand-off, FIFO among takers
        }

        @ParameterizedTest
        @EnumSource(value = Variant.class, names = ".*_BOUNDED", mode = EnumSource.Mode.MATCH_ALL)
        void poll_fullQueueWithParkedPutter_freedSlotGoesToThePutterNotToANewcomer(Variant v) throws Exception {
            Queue<Integer> wq = populated(v);
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                Task<Object> putter = tt.fork(tg, () -> {
                    q.put(100);
                    return null;
                });
                awaitWaiters(wq, 1);
                q.poll();
                assertThat(q.offer(200)).isFalse(); // the slot was handed to the parked putter
                putter.join();
                return null;
            });
            tt.assertAllEnded();
            assertThat(q).contains(100).doesNotContain(200);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void take_cancelledWhileWaiting_consumesNothing(Variant v) throws Exception {
            Queue<Integer> wq = v.empty();
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                Task<Integer> taker = tt.fork(tg, q::take);
                awaitWaiters(wq, 1);
                taker.cancel();
                assertThatThrownBy(taker::join).isInstanceOf(java.util.concurrent.CancellationException.class);
                return null;
            });
            tt.assertAllEnded();
            assertThat(wq.core().waiterCount()).isZero();
            q.put(1);
            assertThat(q.poll()).isEqualTo(1);
        }

        @Test
        void blockingViewCalls_inACancelledTaskThatSwallowedTheCancel_throwAtOnce() throws Exception {
            Queue<Integer> wq = new Queue<>(1);
            wq.putNowait(1);
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            TaskThreads tt = new TaskThreads();
            assertThat(CancelledTask.nextCallAfterSwallowedCancel(() -> {
                        tt.enter();
                        q.take();
                    }))
                    .isInstanceOf(InterruptedException.class);
            assertThat(CancelledTask.nextCallAfterSwallowedCancel(() -> {
                        tt.enter();
                        q.poll(1, TimeUnit.HOURS);
                    }))
                    .isInstanceOf(InterruptedException.class);
            assertThat(CancelledTask.nextCallAfterSwallowedCancel(() -> {
                        tt.enter();
                        q.put(2);
                    }))
                    .isInstanceOf(InterruptedException.class);
            assertThat(CancelledTask.nextCallAfterSwallowedCancel(() -> {
                        tt.enter();
                        q.offer(2, 1, TimeUnit.HOURS);
                    }))
                    .isInstanceOf(InterruptedException.class);
            tt.assertAllEnded();
            assertThat(tt.threadCount()).isEqualTo(4);
            assertThat(q).containsExactly(1);
        }

        @Test
        void nonBlockingViewCalls_inACancelledTask_stillWork() throws Exception {
            Queue<Integer> wq = new Queue<>();
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            AtomicReference<Integer> polled = new AtomicReference<>();
            TaskThreads tt = new TaskThreads();
            assertThat(CancelledTask.nextCallAfterSwallowedCancel(() -> {
                        tt.enter();
                        q.offer(1);
                        polled.set(q.poll());
                        throw new IllegalStateException("done");
                    }))
                    .hasMessage("done");
            tt.assertAllEnded();
            assertThat(polled.get()).isEqualTo(1);
        }
    }

    @Nested
    class Shutdown {
        @ParameterizedTest
        @EnumSource(Variant.class)
        void shutDownQueue_blockingMethodsThrow_nonBlockingOnesReportTheState(Variant v) throws Exception {
            Queue<Integer> wq = v.empty();
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            q.add(1);
            q.add(2);
            wq.shutdown();
            assertThatThrownBy(() -> q.put(3)).isInstanceOf(QueueShutdownException.class);
            assertThatThrownBy(() -> q.offer(3, 1, TimeUnit.HOURS)).isInstanceOf(QueueShutdownException.class);
            assertThatThrownBy(() -> q.add(3)).isInstanceOf(QueueShutdownException.class);
            assertThat(q.offer(3)).isFalse();
            assertThat(q.remainingCapacity()).isZero();
            // the items still queued come out, then each method says "empty" its own way
            assertThat(q.take()).isEqualTo(v.takeOrder(List.of(1, 2)).get(0));
            assertThat(q.poll(1, TimeUnit.HOURS))
                    .isEqualTo(v.takeOrder(List.of(1, 2)).get(1));
            assertThatThrownBy(q::take).isInstanceOf(QueueShutdownException.class);
            assertThatThrownBy(() -> q.poll(1, TimeUnit.HOURS)).isInstanceOf(QueueShutdownException.class);
            assertThat(q.poll()).isNull();
            assertThat(q.peek()).isNull();
            assertThatThrownBy(q::remove).isInstanceOf(NoSuchElementException.class);
            assertThat(q.drainTo(new ArrayList<>())).isZero();
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void shutdown_wakesAParkedTakeWithQueueShutdown(Variant v) throws Exception {
            Queue<Integer> wq = v.empty();
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            TaskThreads tt = new TaskThreads();
            Throwable thrown = TaskGroup.run(tg -> {
                Task<Throwable> taker = tt.fork(tg, () -> QueueTest.thrownBy(q::take));
                awaitWaiters(wq, 1);
                wq.shutdown();
                return taker.join();
            });
            tt.assertAllEnded();
            assertThat(thrown).isInstanceOf(QueueShutdownException.class);
        }

        @ParameterizedTest
        @EnumSource(value = Variant.class, names = ".*_BOUNDED", mode = EnumSource.Mode.MATCH_ALL)
        void shutdown_wakesAParkedPutWithQueueShutdown_itemNotInserted(Variant v) throws Exception {
            Queue<Integer> wq = populated(v);
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            TaskThreads tt = new TaskThreads();
            Throwable thrown = TaskGroup.run(tg -> {
                Task<Throwable> putter = tt.fork(tg, () -> QueueTest.thrownBy(() -> q.put(100)));
                awaitWaiters(wq, 1);
                wq.shutdown();
                return putter.join();
            });
            tt.assertAllEnded();
            assertThat(thrown).isInstanceOf(QueueShutdownException.class);
            assertThat(q).hasSize(SIZE).doesNotContain(100);
        }
    }

    @Nested
    class TaskDoneAccounting {
        @ParameterizedTest
        @EnumSource(Variant.class)
        void itemsTakenThroughTheView_stayUnfinishedUntilTaskDone(Variant v) throws Exception {
            Queue<Integer> wq = v.empty();
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            for (int i = 0; i < 4; i++) {
                q.put(i);
            }
            q.take();
            q.poll();
            assertThat(q.drainTo(new ArrayList<>())).isEqualTo(2);
            assertThat(wq.join(Duration.ZERO)).isFalse();
            for (int i = 0; i < 4; i++) {
                wq.taskDone();
            }
            assertThat(wq.join(Duration.ZERO)).isTrue();
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void itemsRemovedWithoutBeingHandedOut_countAsDone(Variant v) throws Exception {
            Queue<Integer> wq = v.empty();
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            for (int i = 0; i < 6; i++) {
                q.put(i);
            }
            assertThat(q.remove(Integer.valueOf(0))).isTrue();
            Iterator<Integer> it = q.iterator();
            it.next();
            it.remove();
            assertThat(q.removeIf(x -> x == 3)).isTrue(); // not the iterator's first item in any order
            assertThat(wq.core().unfinished()).isEqualTo(3);
            q.clear();
            assertThat(wq.join(Duration.ZERO)).isTrue();
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void clear_releasesAParkedJoiner(Variant v) throws Exception {
            Queue<Integer> wq = v.empty();
            BlockingQueue<Integer> q = wq.asBlockingQueue();
            q.put(1);
            q.put(2);
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                Task<Object> joiner = tt.fork(tg, () -> {
                    wq.join();
                    return null;
                });
                awaitWaiters(wq, 1);
                q.clear();
                joiner.join();
                return null;
            });
            tt.assertAllEnded();
        }
    }

    @Nested
    class WeftPeekAndDrainTo {
        @ParameterizedTest
        @EnumSource(Variant.class)
        void peek_returnsTheNextItemOrEmpty(Variant v) {
            Queue<Integer> q = v.empty();
            assertThat(q.peek()).isEmpty();
            for (int x : PUT_ORDER) {
                q.putNowait(x);
            }
            Integer first = v.takeOrder(PUT_ORDER).get(0);
            assertThat(q.peek()).contains(first);
            assertThat(q.size()).isEqualTo(SIZE);
            assertThat(q.getNowait()).isEqualTo(first);
            q.shutdown();
            assertThat(q.peek()).isPresent();
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void drainTo_movesItemsInGetOrder_upToMax(Variant v) {
            Queue<Integer> q = populated(v);
            List<Integer> sink = new ArrayList<>();
            assertThat(q.drainTo(sink, 3)).isEqualTo(3);
            assertThat(q.drainTo(sink)).isEqualTo(SIZE - 3);
            assertThat(sink).isEqualTo(v.takeOrder(PUT_ORDER));
            assertThat(q.drainTo(sink)).isZero();
            q.shutdown();
            assertThat(q.drainTo(sink)).isZero(); // shut down and empty: nothing, no exception
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void drainTo_nullOwnViewOrNonPositive_throwOrDoNothing(Variant v) {
            Queue<Integer> q = populated(v);
            assertThatThrownBy(() -> q.drainTo(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> q.drainTo(null, 0)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> q.drainTo(q.asBlockingQueue())).isInstanceOf(IllegalArgumentException.class);
            List<Integer> sink = new ArrayList<>();
            assertThat(q.drainTo(sink, 0)).isZero();
            assertThat(q.drainTo(sink, Integer.MIN_VALUE)).isZero();
            assertThat(sink).isEmpty();
            assertThat(q.size()).isEqualTo(SIZE);
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void drainTo_intoAnotherQueuesView_movesTheItems(Variant v) {
            Queue<Integer> from = populated(v);
            Queue<Integer> to = new Queue<>();
            assertThat(from.drainTo(to.asBlockingQueue())).isEqualTo(SIZE);
            assertThat(QueueTest.drain(to)).isEqualTo(v.takeOrder(PUT_ORDER));
        }

        /** A sink that accepts {@code room} items, then refuses with IllegalStateException("sink full"). */
        static List<Integer> sinkWithRoom(int room, List<Integer> accepted) {
            return new java.util.AbstractList<>() {
                @Override
                public boolean add(Integer x) {
                    if (accepted.size() == room) {
                        throw new IllegalStateException("sink full");
                    }
                    return accepted.add(x);
                }

                @Override
                public Integer get(int i) {
                    return accepted.get(i);
                }

                @Override
                public int size() {
                    return accepted.size();
                }
            };
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void drainTo_sinkRefusesAnItem_exceptionPropagates_refusedItemBackAtTheFront(Variant v) throws Exception {
            Queue<Integer> q = v.empty();
            for (int x : List.of(1, 2, 3, 4)) {
                q.put(x);
            }
            List<Integer> order = v.takeOrder(List.of(1, 2, 3, 4));
            List<Integer> accepted = new ArrayList<>();
            BlockingQueue<Integer> view = q.asBlockingQueue();
            assertThatThrownBy(() -> view.drainTo(sinkWithRoom(1, accepted))).hasMessage("sink full");
            assertThat(accepted).containsExactly(order.get(0));
            assertThat(QueueTest.drain(q)).isEqualTo(order.subList(1, 4)); // nothing lost, order kept
            assertThat(q.core().unfinished()).isEqualTo(4);
            for (int i = 0; i < 4; i++) {
                q.taskDone();
            }
            assertThat(q.join(Duration.ZERO)).isTrue();
        }

        @ParameterizedTest
        @EnumSource(Variant.class)
        void drainTo_sinkRefusesWhileATakerWaits_refusedItemGoesToTheTaker(Variant v) throws Exception {
            // The sink refuses the only item; by then a taker has parked on the empty queue: the
            // item goes straight to it (a put-back keeps "takers waiting => queue empty").
            Queue<Integer> q = v.empty();
            q.put(1);
            TaskThreads tt = new TaskThreads();
            int got = TaskGroup.run(tg -> {
                AtomicReference<Task<Integer>> taker = new AtomicReference<>();
                List<Integer> sink = new java.util.AbstractList<>() {
                    @Override
                    public boolean add(Integer x) {
                        taker.set(tt.fork(tg, q::get));
                        awaitWaiters(q, 1);
                        throw new IllegalStateException("refused");
                    }

                    @Override
                    public Integer get(int i) {
                        throw new IndexOutOfBoundsException(i);
                    }

                    @Override
                    public int size() {
                        return 0;
                    }
                };
                assertThatThrownBy(() -> q.drainTo(sink)).hasMessage("refused");
                return taker.get().join();
            });
            tt.assertAllEnded();
            assertThat(got).isEqualTo(1);
            assertThat(q.isEmpty()).isTrue();
        }

        @ParameterizedTest
        @EnumSource(value = Variant.class, names = ".*_BOUNDED", mode = EnumSource.Mode.MATCH_ALL)
        void drainTo_sinkRefuses_slotTakenByAParkedPutter_itemDroppedCountedDoneAndLogged(Variant v) throws Exception {
            ch.qos.logback.classic.Logger log =
                    (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Queue.class);
            ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                    new ch.qos.logback.core.read.ListAppender<>();
            appender.start();
            log.addAppender(appender);
            try {
                Queue<Integer> q = populated(v);
                TaskThreads tt = new TaskThreads();
                TaskGroup.run(tg -> {
                    Task<Object> putter = tt.fork(tg, () -> {
                        q.put(100);
                        return null;
                    });
                    awaitWaiters(q, 1);
                    List<Integer> accepted = new ArrayList<>();
                    assertThatThrownBy(() -> q.drainTo(sinkWithRoom(0, accepted)))
                            .hasMessage("sink full");
                    putter.join(); // it was admitted into the slot the refused item left
                    return null;
                });
                tt.assertAllEnded();
                Integer refused = v.takeOrder(PUT_ORDER).get(0);
                assertThat(q.size()).isEqualTo(SIZE);
                assertThat(q.asBlockingQueue()).contains(100).doesNotContain(refused);
                assertThat(q.core().unfinished()).isEqualTo(SIZE); // SIZE + 1 put, the refused one done
                assertThat(appender.list)
                        .singleElement()
                        .satisfies(e -> assertThat(e.getFormattedMessage())
                                .contains("refused " + refused)
                                .contains("dropped and counted done"));
            } finally {
                log.detachAppender(appender);
            }
        }

        @ParameterizedTest
        @EnumSource(value = Variant.class, names = ".*_BOUNDED", mode = EnumSource.Mode.MATCH_ALL)
        void drainTo_fullQueueWithParkedPutter_admitsIt_andTheDrainedItemsStayUnfinished(Variant v) throws Exception {
            Queue<Integer> q = populated(v);
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                Task<Object> putter = tt.fork(tg, () -> {
                    q.put(100);
                    return null;
                });
                awaitWaiters(q, 1);
                List<Integer> sink = new ArrayList<>();
                assertThat(q.drainTo(sink, 5)).isEqualTo(5);
                putter.join();
                return null;
            });
            tt.assertAllEnded();
            assertThat(q.size()).isEqualTo(SIZE - 4); // 5 drained, the putter's item admitted
            assertThat(q.core().unfinished()).isEqualTo(SIZE + 1);
            assertThat(q.core().waiterCount()).isZero();
        }
    }
}
