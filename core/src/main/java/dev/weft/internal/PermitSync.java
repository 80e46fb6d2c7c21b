// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A FIFO-fair counting semaphore with direct hand-off: the mechanics behind Weft's
 * {@code Semaphore}, {@code BoundedSemaphore}, {@code Lock} and {@code RLock}.
 */
/*
 * Implementation notes.
 *
 * One int, `state`:
 *
 *     state >= 0   that many permits are free and no thread waits;
 *     state == -1  no permit is free and at least one thread waits in the queue.
 *
 * Invariant, true whenever the queue lock is free: state == -1 <=> the queue is not empty.
 * So a free permit and a waiter never coexist, and a newcomer can never overtake a waiter:
 * the fast paths CAS only a non-negative state, which means "nobody waits".
 *
 *   acquire fast path   CAS state s -> s-1 for s > 0. One CAS, no allocation.
 *   release fast path   CAS state s -> s+1 for s >= 0 (nobody waits). One CAS.
 *   acquire slow path   under the queue lock: take a permit if one appeared meanwhile, else
 *                       CAS 0 -> -1 (or find -1) and link a node; then park outside the lock.
 *   release slow path   state == -1: under the queue lock grant the head node (direct hand-off:
 *                       the permit goes to it and is never counted as free), set state to 0 if
 *                       the queue is now empty, unlock, unpark. A thread that releases and at once
 *                       re-acquires finds state -1 or 0, so it queues behind existing waiters.
 *   cancellation        the waiter CASes its node to CANCELLED under the lock and unlinks it
 *                       (Waiter, WaitQueue); cancelled() then sets state -1 -> 0 if the queue emptied. A
 *                       waiter whose node was granted first keeps the permit (hand-off wins).
 *   shutdown            shutDown(), for a lock whose holder ended while holding it (MutexSync):
 *                       under the lock every waiter moves to SHUTDOWN and state -1 -> 0; the
 *                       permit stays taken for ever, and those acquires throw shutDownFailure().
 *
 * Who writes `state`: fast paths by CAS while it is >= 0; only queue-lock holders move it to or
 * from -1. The slow paths re-read it under the lock and retry their CAS, since a fast-path CAS
 * can still change a non-negative value concurrently.
 *
 * Races considered:
 *   - release reads 0 and CASes 0 -> 1 while an acquirer under the lock CASes 0 -> -1: one CAS
 *     fails; release retries, sees -1, takes the lock (after the node is linked) and grants it.
 *   - release vs cancel of the only waiter: both under the lock; whichever comes second sees the
 *     other's result (grantNext finds the queue empty and frees the permit, or tryCancel loses
 *     its CAS and the waiter keeps the permit).
 *
 * Memory effects: every path that passes a permit on is a volatile write (CAS on state, or the
 * node's status CAS) read by the next holder, so actions before release() happen-before the
 * next successful acquire.
 */
public class PermitSync extends WaitQueue {

    private volatile int state;

    /** The most permits that may be free at once; Integer.MAX_VALUE if unbounded. */
    private final int bound;

    /**
     * @param permits the permits free at first, >= 0
     * @param bound the most permits that may be free; a release above it throws
     */
    public PermitSync(int permits, int bound) {
        this.state = permits;
        this.bound = bound;
    }

    /** Takes a permit if one is free and nobody waits. Never blocks; no cancellation check. */
    public final boolean tryAcquire() {
        for (; ; ) {
            int s = state;
            if (s <= 0) {
                return false;
            }
            if (STATE.compareAndSet(this, s, s - 1)) {
                return true;
            }
        }
    }

    /**
     * Takes a permit, waiting in FIFO order. Starts with a cancellation checkpoint.
     *
     * @return true if acquired, false if {@code timed} and the time ran out
     * @throws InterruptedException if interrupted or cancelled before a permit was handed over
     */
    public final boolean acquire(boolean timed, long nanos) throws InterruptedException {
        Cancellation.checkpoint();
        if (tryAcquire()) {
            return true;
        }
        if (timed && nanos <= 0L) {
            return false;
        }
        Waiter w = enqueue();
        if (w == null) {
            return true;
        }
        int s;
        try {
            s = w.await(timed ? nanos : -1L, w.prev == null ? Waiter.Spin.HEAD : Waiter.Spin.NONE);
        } finally {
            waited(w);
        }
        if (s == Waiter.SHUTDOWN) {
            throw shutDownFailure();
        }
        return s == Waiter.GRANTED;
    }

    /**
     * Called by the waiting thread after {@code w} stopped waiting in {@link #acquire}, however
     * it ended: the end of the contended path (MutexSync forgets its deadlock-check entry).
     */
    protected void waited(Waiter w) {}

    /**
     * Takes a permit, ignoring interrupts and cancellation (an interrupt that arrives is
     * re-asserted). For a condition waiter re-acquiring its lock.
     */
    public final void acquireUninterruptibly() {
        if (tryAcquire()) {
            return;
        }
        Waiter w = enqueue();
        if (w != null) {
            waitingUninterruptibly(w);
            if (w.awaitUninterruptibly() == Waiter.SHUTDOWN) {
                throw shutDownFailure();
            }
        }
    }

    /**
     * Called by the waiting thread in {@link #acquireUninterruptibly} right after it linked
     * {@code w}, before it waits (that wait has no {@link #parking} call). May withdraw {@code w}
     * and throw, as {@link #parking} may.
     */
    protected void waitingUninterruptibly(Waiter w) {}

    /**
     * What an acquire whose waiter was moved to SHUTDOWN ({@link #shutDown}) throws. Only a
     * subclass that shuts down has such waiters.
     */
    protected RuntimeException shutDownFailure() {
        return new IllegalStateException("shut down");
    }

    /**
     * Moves every waiter to SHUTDOWN (their acquires throw {@link #shutDownFailure}), leaving the
     * permits as they are: for a lock whose holder ended while holding it (MutexSync), whose
     * permit can never be released.
     */
    protected final void shutDown() {
        lockQueue();
        Waiter chain = shutDownAll();
        if (state == -1) {
            state = 0; // the queue is empty now; the permits stay taken
        }
        assert invariantHolds();
        unlockQueue();
        WaitList.unparkAll(chain);
    }

    /** Links a waiter, or returns null if a permit was taken under the lock instead. */
    private Waiter enqueue() {
        lockQueue();
        for (; ; ) {
            int s = state;
            if (s > 0) {
                if (STATE.compareAndSet(this, s, s - 1)) {
                    unlockQueue();
                    return null;
                }
            } else if (s < 0 || STATE.compareAndSet(this, 0, -1)) {
                break;
            }
        }
        // w.prev == null below means w is first in line: worth a short spin before parking. The
        // waiter reads it unlocked, right after linking; a stale answer only changes the spin.
        Waiter w = link();
        assert invariantHolds();
        unlockQueue();
        return w;
    }

    /**
     * Returns a permit: hands it to the first waiter if there is one, else frees it.
     *
     * @throws IllegalStateException if that would free more than {@code bound} permits
     */
    public final void release() {
        for (; ; ) {
            int s = state;
            if (s >= 0) {
                if (s >= bound) {
                    throw new IllegalStateException(overReleaseMessage());
                }
                if (STATE.compareAndSet(this, s, s + 1)) {
                    return;
                }
                continue;
            }
            if (bound == 0) {
                throw new IllegalStateException(overReleaseMessage());
            }
            lockQueue();
            if (state != -1) {
                unlockQueue(); // a cancellation emptied the queue meanwhile; use the fast path
                continue;
            }
            Waiter n = grantNext(0);
            if (n == null || isEmpty()) {
                state = n == null ? 1 : 0;
            }
            assert invariantHolds();
            unlockQueue();
            WaitList.unpark(n);
            return;
        }
    }

    private String overReleaseMessage() {
        return "released more often than acquired: at most " + bound + " permits can be free";
    }

    @Override
    protected final void cancelled(Waiter w, boolean timedOut) {
        if (isEmpty() && state == -1) {
            state = 0;
        }
        assert invariantHolds();
    }

    /** The notes' invariant, with the queue lock held: state == -1 exactly while someone waits. */
    private boolean invariantHolds() {
        int s = state;
        return s == -1 ? !isEmpty() : s >= 0 && isEmpty();
    }

    /** Free permits now (0 while anyone waits). */
    public final int available() {
        return Math.max(state, 0);
    }

    /** True if threads wait for a permit (a snapshot). */
    public final boolean hasWaiters() {
        return state < 0;
    }

    /** The number of waiting threads (a snapshot), for tests and monitoring. */
    public final int queueLength() {
        return queued();
    }

    // VarHandle mechanics
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PermitSync.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
