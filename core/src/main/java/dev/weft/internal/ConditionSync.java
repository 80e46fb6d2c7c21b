// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import java.util.function.BooleanSupplier;

/** The mechanics behind Weft's {@code Condition}: a wait queue bound to a {@link MutexSync}. */
/*
 * Implementation notes.
 *
 * Every method requires the caller to hold `mutex` (checked first, before the predicate runs
 * and before the cancellation checkpoint: misuse is reported even when nothing would block).
 *
 *   await   links a node under this queue's lock WHILE STILL HOLDING the mutex, then fully
 *           releases the mutex (all RLock holds) and parks. A signal needs the mutex, so it
 *           cannot run between "decided to wait" and "linked": no lost wake-up. After the
 *           park ends (signalled, cancelled or timed out) the waiter re-acquires the mutex
 *           uninterruptibly, FIFO behind other lock waiters, and only then returns or throws,
 *           as j.u.c's ConditionObject does; interrupts during that re-acquire are re-asserted.
 *   signal  grants up to n WAITING nodes in FIFO order. Cancelled waiters unlink themselves
 *           under this queue's lock, and a granted waiter always returns normally (if it was
 *           interrupted at that moment it keeps the wake-up and re-asserts the interrupt), so
 *           a signal is never absorbed by a cancelled waiter: it reaches another one
 *           (asyncio gh-112202).
 *
 * Memory effects: the mutex provides them; a waiter returns holding it.
 */
public final class ConditionSync extends WaitQueue {

    private final MutexSync mutex;

    public ConditionSync(MutexSync mutex) {
        this.mutex = mutex;
    }

    /**
     * @return true if signalled, false if {@code timed} and the time ran out
     */
    public boolean await(boolean timed, long nanos) throws InterruptedException {
        mutex.checkHeld("await a Condition");
        Cancellation.checkpoint();
        return awaitHeld(timed, nanos);
    }

    private boolean awaitHeld(boolean timed, long nanos) throws InterruptedException {
        if (timed && nanos <= 0L) {
            return false;
        }
        lockQueue();
        Waiter w = link();
        unlockQueue();
        int holds = mutex.fullyRelease();
        try {
            return w.await(timed ? nanos : -1L, Waiter.Spin.NONE) == Waiter.GRANTED;
        } finally {
            mutex.reacquire(holds);
        }
    }

    /**
     * Waits until signalled, ignoring interrupts and Weft cancellation, then re-acquires the
     * mutex; an interrupt that arrived meanwhile is re-asserted. For
     * {@code java.util.concurrent.locks.Condition.awaitUninterruptibly()} (JavaLockView).
     */
    public void awaitUninterruptibly() {
        mutex.checkHeld("await a Condition");
        lockQueue();
        Waiter w = link();
        unlockQueue();
        int holds = mutex.fullyRelease();
        try {
            w.awaitUninterruptibly();
        } finally {
            mutex.reacquire(holds);
        }
    }

    /**
     * Waits until {@code predicate} holds, evaluating it with the mutex held.
     *
     * @return true when it holds, false if {@code timed} and the time ran out first
     */
    public boolean awaitUntil(BooleanSupplier predicate, boolean timed, long nanos) throws InterruptedException {
        mutex.checkHeld("await a Condition");
        Cancellation.checkpoint();
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        while (!predicate.getAsBoolean()) {
            long remaining = 0L;
            if (timed) {
                remaining = deadline - System.nanoTime();
                if (remaining <= 0L) {
                    return false;
                }
            }
            Cancellation.checkpoint();
            awaitHeld(timed, remaining);
        }
        return true;
    }

    /** Wakes up to {@code n} waiters in FIFO order. */
    public void signal(int n) {
        mutex.checkHeld("signal a Condition");
        if (n <= 0) {
            return;
        }
        lockQueue();
        Waiter chain = grantUpTo(n, 0);
        unlockQueue();
        WaitList.unparkAll(chain);
    }

    /** Waiting threads (a snapshot), for tests and monitoring. */
    public int queueLength() {
        return queued();
    }
}
