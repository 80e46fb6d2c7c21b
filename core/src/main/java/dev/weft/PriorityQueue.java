// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import dev.weft.internal.QueueCore;
import java.util.Comparator;
import java.util.Objects;

/**
 * A {@link Queue} that returns the least item first: asyncio's {@code asyncio.PriorityQueue}.
 * Items are ordered by their natural order or by a {@link Comparator}; items that compare equal
 * come out in the order they were put (the order is stable), so a tie needs no counter in the
 * item as asyncio's {@code (priority, count, item)} tuples do.
 *
 * {@snippet class=dev.weft.snippets.ApiSnippets region=PriorityQueue :
 * record Job(int priority, String name) {}
 * PriorityQueue<Job> jobs = new PriorityQueue<>(Comparator.comparingInt(Job::priority));
 * jobs.put(new Job(2, "index"));
 * jobs.put(new Job(1, "backup"));
 * jobs.put(new Job(1, "alert"));
 * jobs.get(); // backup: priority 1, put first
 * jobs.get(); // alert
 * jobs.get(); // index
 * }
 *
 * <p>Blocking, fairness among waiting callers, cancellation, shutdown, {@code join()} and
 * memory effects are exactly those of {@link Queue}. An item handed straight to a waiting
 * getter never meets the ordering (the queue was empty). The single-producer order guarantee
 * of {@code Queue} becomes: items of equal priority from one producer come out in order.
 *
 * <p>The comparator (or {@code compareTo}) runs while the queue's lock is held, so it must be
 * fast and must not use the queue. If it throws, the call that ran it throws the same exception
 * and leaves the queue exactly as it was: a {@code put} inserts nothing, a {@code get} removes
 * nothing (the JDK's {@code PriorityQueue} can lose or duplicate an item there).
 *
 * @param <T> the item type
 * @since 0.1
 */
public final class PriorityQueue<T> extends Queue<T> {

    private final boolean natural;

    /**
     * Creates an unbounded queue ordered by the items' natural order; items must be
     * {@link Comparable}.
     *
     * @since 0.1
     */
    public PriorityQueue() {
        super(QueueCore.priority(Integer.MAX_VALUE, null), 0);
        this.natural = true;
    }

    /**
     * Creates a queue ordered by the items' natural order, holding at most {@code maxsize}.
     *
     * @param maxsize the capacity, at least 1
     * @throws IllegalArgumentException if {@code maxsize} is zero or negative; use
     *     {@code new PriorityQueue<>()} for an unbounded queue
     * @since 0.1
     */
    public PriorityQueue(int maxsize) {
        super(QueueCore.priority(checkMaxsize(maxsize, "PriorityQueue"), null), maxsize);
        this.natural = true;
    }

    /**
     * Creates an unbounded queue ordered by {@code comparator}.
     *
     * @param comparator the order; least first
     * @throws NullPointerException if {@code comparator} is null
     * @since 0.1
     */
    public PriorityQueue(Comparator<? super T> comparator) {
        super(QueueCore.priority(Integer.MAX_VALUE, Objects.requireNonNull(comparator, "comparator")), 0);
        this.natural = false;
    }

    /**
     * Creates a queue ordered by {@code comparator}, holding at most {@code maxsize}.
     *
     * @param maxsize the capacity, at least 1
     * @param comparator the order; least first
     * @throws IllegalArgumentException if {@code maxsize} is zero or negative; use
     *     {@code new PriorityQueue<>(comparator)} for an unbounded queue
     * @throws NullPointerException if {@code comparator} is null
     * @since 0.1
     */
    public PriorityQueue(int maxsize, Comparator<? super T> comparator) {
        super(
                QueueCore.priority(
                        checkMaxsize(maxsize, "PriorityQueue"), Objects.requireNonNull(comparator, "comparator")),
                maxsize);
        this.natural = false;
    }

    @Override
    void checkItem(T item) {
        super.checkItem(item);
        if (natural && !(item instanceof Comparable)) {
            throw new ClassCastException("a PriorityQueue without a Comparator needs Comparable items, got "
                    + item.getClass().getName());
        }
    }
}
