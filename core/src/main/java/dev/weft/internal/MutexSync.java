// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

/**
 * A FIFO-fair mutual-exclusion lock owned by the thread (task) that acquired it, optionally
 * reentrant: the mechanics behind Weft's {@code Lock} and {@code RLock}, and the lock a
 * {@code Condition} releases and re-acquires.
 */
/*
 * Implementation notes.
 *
 * A PermitSync with one permit (bound 1), plus an owner and a hold count:
 *
 *   owner   the holding thread, or null. Written only by the holder: set right after its
 *           acquire succeeded (fast path or hand-off), cleared right before it releases. Plain
 *           field, like AQS's exclusiveOwnerThread: a thread compares it only with itself, and
 *           only that thread ever writes itself into it, so a stale read can never equal the
 *           reader (it reads its own writes in program order). Between a hand-off and the new
 *           holder writing itself, owner is null and the permit is taken: still locked.
 *   holds   how often the owner acquired it; only the owner touches it.
 *
 * Misuse is detected without blocking: a non-reentrant re-acquire by the owner would deadlock,
 * so it throws; a release by a non-owner throws before touching the permit.
 */
public final class MutexSync extends PermitSync {

    private final boolean reentrant;
    private final String kind;
    private Thread owner;
    private int holds;

    public MutexSync(boolean reentrant) {
        super(1, 1);
        this.reentrant = reentrant;
        this.kind = reentrant ? "RLock" : "Lock";
    }

    /**
     * Acquires the lock, waiting in FIFO order.
     *
     * @return false if {@code timed} and the time ran out
     * @throws IllegalStateException if non-reentrant and the current thread holds it
     */
    public boolean lock(boolean timed, long nanos) throws InterruptedException {
        Thread me = Thread.currentThread();
        if (owner == me) {
            Cancellation.checkpoint();
            return reenter();
        }
        if (!acquire(timed, nanos)) {
            return false;
        }
        owner = me;
        holds = 1;
        return true;
    }

    /**
     * Acquires the lock, waiting in FIFO order, ignoring interrupts and Weft cancellation: an
     * interrupt that arrives while waiting is re-asserted once the lock is held. For
     * {@code java.util.concurrent.locks.Lock.lock()} (JavaLockView), which must not give up;
     * a cancelled task's sticky cancellation would make an acquire-and-retry loop spin.
     *
     * @throws IllegalStateException if non-reentrant and the current thread holds it
     */
    public void lockUninterruptibly() {
        Thread me = Thread.currentThread();
        if (owner == me) {
            reenter();
            return;
        }
        acquireUninterruptibly();
        owner = me;
        holds = 1;
    }

    /** Acquires the lock if free and nobody waits; never blocks. */
    public boolean tryLock() {
        Thread me = Thread.currentThread();
        if (owner == me) {
            return reenter();
        }
        if (!tryAcquire()) {
            return false;
        }
        owner = me;
        holds = 1;
        return true;
    }

    private boolean reenter() {
        if (!reentrant) {
            throw new IllegalStateException("Lock is not reentrant and is already held by this task ("
                    + Thread.currentThread() + "); use RLock for reentrant locking");
        }
        if (holds == Integer.MAX_VALUE) {
            throw new IllegalStateException("RLock hold count overflow");
        }
        holds++;
        return true;
    }

    /**
     * Releases one hold; the last one hands the lock to the first waiter.
     *
     * @throws IllegalStateException if the current thread does not hold the lock
     */
    public void unlock() {
        checkHeld("release");
        if (--holds == 0) {
            owner = null;
            release();
        }
    }

    /** Throws IllegalStateException naming {@code what} unless the current thread holds the lock. */
    public void checkHeld(String what) {
        if (owner != Thread.currentThread()) {
            throw new IllegalStateException("cannot " + what + ": this " + kind + " is "
                    + (available() > 0 ? "not locked" : "held by another task"));
        }
    }

    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }

    /** Hold count of the current thread (0 if it does not hold the lock). */
    public int holdCount() {
        return owner == Thread.currentThread() ? holds : 0;
    }

    /** Releases every hold of the owner (for a condition wait); returns how many there were. */
    int fullyRelease() {
        checkHeld("wait on a Condition");
        int h = holds;
        holds = 0;
        owner = null;
        release();
        return h;
    }

    /** Re-acquires after {@link #fullyRelease}, uninterruptibly, restoring the hold count. */
    void reacquire(int savedHolds) {
        acquireUninterruptibly();
        owner = Thread.currentThread();
        holds = savedHolds;
    }

    public boolean isLocked() {
        return available() == 0;
    }
}
