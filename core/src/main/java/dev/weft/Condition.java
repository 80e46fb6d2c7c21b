// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import dev.weft.internal.ConditionSync;
import dev.weft.internal.WaitTime;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition variable bound to a {@link Lock} or {@link RLock}: Weft's
 * {@code asyncio.Condition} / {@code threading.Condition}.
 *
 * {@snippet class=dev.weft.snippets.ApiSnippets region=Condition :
 * Lock lock = new Lock();
 * Condition notEmpty = new Condition(lock);
 *
 * // a consumer task
 * try (Guard g = lock.hold()) {
 *     notEmpty.awaitUntil(() -> !items.isEmpty());
 *     item = items.remove();
 * }
 *
 * // a producer task
 * try (Guard g = lock.hold()) {
 *     items.add(x);
 *     notEmpty.signal();
 * }
 * }
 *
 * <p>Unlike asyncio, a Weft condition does not create or expose its own lock methods: pass the
 * lock and acquire it directly. Names follow Java: {@code wait}/{@code notify} belong to
 * {@link Object}, so {@code wait} is {@link #await()}, {@code wait_for} is
 * {@link #awaitUntil(BooleanSupplier)}, {@code notify} is {@link #signal()} and
 * {@code notify_all} is {@link #signalAll()}.
 *
 * <p>Every method requires the calling task to hold the lock, and throws
 * {@link IllegalStateException} otherwise, even when the predicate already holds and nothing
 * would wait. Waiting releases the lock completely (all holds of an {@link RLock}) and
 * re-acquires it before returning <em>or throwing</em>, as {@code java.util.concurrent} does.
 *
 * <p><b>Fairness.</b> Signals wake waiters in FIFO order; woken waiters then queue for the lock
 * in FIFO order.
 *
 * <p><b>Cancellation.</b> Waiting methods check for cancellation first and throw
 * {@link InterruptedException} if the task is cancelled or interrupted before or while waiting,
 * after re-acquiring the lock; the interrupted status is then cleared. The re-acquiring itself
 * cannot be interrupted: an interrupt that arrives meanwhile does not stop it and is kept, so
 * the method then returns or throws with the interrupt status set. A signal is never
 * absorbed by a waiter cancelled at that moment: either the waiter returns normally (the
 * signal won; its interrupt status is set) or the signal goes to another waiter.
 *
 * <p><b>Memory consistency effects.</b> Those of the lock: actions before a
 * {@code signal} and the lock release that follows happen-before the woken task returns from
 * {@code await}, which re-acquired the lock.
 *
 * @since 0.1
 */
public final class Condition {

    private final ConditionSync sync;

    /**
     * Creates a condition bound to {@code lock}.
     *
     * @param lock the lock that guards the condition's state
     * @throws NullPointerException if {@code lock} is null
     * @since 0.1
     */
    public Condition(Lock lock) {
        this.sync = new ConditionSync(Objects.requireNonNull(lock, "lock").sync);
        sync.parkOn(this, null);
    }

    /**
     * Creates a condition bound to a reentrant lock; waiting releases every hold and restores
     * the hold count before returning.
     *
     * @param lock the lock that guards the condition's state
     * @throws NullPointerException if {@code lock} is null
     * @since 0.1
     */
    public Condition(RLock lock) {
        this.sync = new ConditionSync(Objects.requireNonNull(lock, "lock").sync);
        sync.parkOn(this, null);
    }

    /**
     * Releases the lock, waits until signalled, and re-acquires the lock
     * ({@code await cond.wait()}). As with any condition variable, check the state you wait
     * for in a loop, or use {@link #awaitUntil(BooleanSupplier)}.
     *
     * @throws InterruptedException if the current task is cancelled or interrupted before or
     *     while waiting; the lock is held again and the interrupted status is cleared
     * @throws IllegalStateException if the current task does not hold the lock
     * @since 0.1
     */
    public void await() throws InterruptedException {
        sync.await(false, 0L);
    }

    /**
     * As {@link #await()}, waiting at most {@code timeout}; zero or negative means no wait
     * (after the lock and cancellation checks).
     *
     * @param timeout how long to wait at most
     * @return true if signalled, false if the time ran out; the lock is held again either way
     * @throws InterruptedException if the current task is cancelled or interrupted before or
     *     while waiting; the lock is held again and the interrupted status is cleared
     * @throws IllegalStateException if the current task does not hold the lock
     * @throws NullPointerException if {@code timeout} is null
     * @since 0.1
     */
    public boolean await(Duration timeout) throws InterruptedException {
        long nanos = WaitTime.nanos(timeout);
        return sync.await(true, nanos);
    }

    /**
     * Waits until {@code predicate} is true ({@code await cond.wait_for(predicate)}). The
     * predicate is evaluated with the lock held: first at once, then after each wake-up.
     *
     * @param predicate the state to wait for
     * @throws InterruptedException if the current task is cancelled or interrupted before or
     *     while waiting; the lock is held again and the interrupted status is cleared
     * @throws IllegalStateException if the current task does not hold the lock (checked before
     *     the predicate runs)
     * @throws NullPointerException if {@code predicate} is null
     * @since 0.1
     */
    public void awaitUntil(BooleanSupplier predicate) throws InterruptedException {
        Objects.requireNonNull(predicate, "predicate");
        sync.awaitUntil(predicate, false, 0L);
    }

    /**
     * As {@link #awaitUntil(BooleanSupplier)}, waiting at most {@code timeout} in total.
     *
     * @param predicate the state to wait for
     * @param timeout how long to wait at most, in total
     * @return true if the predicate holds, false if the time ran out first
     * @throws InterruptedException if the current task is cancelled or interrupted before or
     *     while waiting; the lock is held again and the interrupted status is cleared
     * @throws IllegalStateException if the current task does not hold the lock
     * @throws NullPointerException if {@code predicate} or {@code timeout} is null
     * @since 0.1
     */
    public boolean awaitUntil(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(predicate, "predicate");
        long nanos = WaitTime.nanos(timeout);
        return sync.awaitUntil(predicate, true, nanos);
    }

    /**
     * Wakes the longest-waiting task, if any ({@code cond.notify()}).
     *
     * @throws IllegalStateException if the current task does not hold the lock
     * @since 0.1
     */
    public void signal() {
        sync.signal(1);
    }

    /**
     * Wakes at most {@code n} waiting tasks, longest-waiting first ({@code cond.notify(n)}).
     *
     * @param n how many to wake; 0 wakes none
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws IllegalStateException if the current task does not hold the lock
     * @since 0.1
     */
    public void signal(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("signal count must be >= 0, got " + n);
        }
        sync.signal(n);
    }

    /**
     * Wakes every waiting task ({@code cond.notify_all()}).
     *
     * @throws IllegalStateException if the current task does not hold the lock
     * @since 0.1
     */
    public void signalAll() {
        sync.signal(Integer.MAX_VALUE);
    }

    /** Number of tasks waiting (a snapshot); for tests. */
    int queueLength() {
        return sync.queueLength();
    }
}
