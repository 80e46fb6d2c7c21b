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
 *           writes, like AQS's exclusiveOwnerThread: a thread compares it only with itself, and
 *           only that thread ever writes itself into it, so a stale read can never equal the
 *           reader (it reads its own writes in program order). Between a hand-off and the new
 *           holder writing itself, owner is null and the permit is taken: still locked. Other
 *           threads read it (acquire) only for the deadlock check and descriptions; see
 *           Deadlocks for why a holder's write is seen there.
 *   holds   how often the owner acquired it; only the owner touches it.
 *
 * Deadlock detection (Deadlocks) runs only on the contended path: parking() is called by the
 * Waiter once its spinning is over, right before it would park, and waited() after the wait.
 * Lock-order checking (LockOrder, -Dweft.lockOrder=check) runs on every acquire, before it
 * can block, and costs nothing when off (a static final flag).
 *
 * Misuse is detected without blocking: a non-reentrant re-acquire by the owner would deadlock,
 * so it throws; a release by a non-owner throws before touching the permit.
 */
public final class MutexSync extends PermitSync {

    private final boolean reentrant;
    private final String kind;
    private Thread owner;
    private int holds;
    /** This lock in LockOrder's graph, under -Dweft.lockOrder=check; else null. */
    LockOrder.Node orderNode;

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
        if (LockOrder.ENABLED) {
            LockOrder.acquiring(this);
        }
        if (!acquire(timed, nanos)) {
            return false;
        }
        taken(me);
        return true;
    }

    private void taken(Thread me) {
        owner = me;
        holds = 1;
        if (LockOrder.ENABLED) {
            LockOrder.acquired(this);
        }
    }

    @Override
    public void parking(Waiter w) {
        Deadlocks.blocking(this, w);
    }

    @Override
    protected void waited(Waiter w) {
        Deadlocks.unblocked(w);
    }

    /** The holding thread as others see it (acquire read), or null; see the notes. */
    Thread holder() {
        return (Thread) OWNER.getAcquire(this);
    }

    /** The state for the public toString(): {@code locked by task 'g/a'}, {@code unlocked}. */
    public String state() {
        Thread h = holder();
        if (h != null) {
            int q = queueLength();
            return "locked by " + WeftThreads.describe(h) + (q > 0 ? ", " + q + " waiting" : "");
        }
        return isLocked() ? "locked" : "unlocked";
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
        if (LockOrder.ENABLED) {
            LockOrder.acquiring(this);
        }
        acquireUninterruptibly();
        taken(me);
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
        taken(me); // a tryLock never blocks, so no order check before it; it is recorded
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
            if (LockOrder.ENABLED) {
                LockOrder.released(this);
            }
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
        if (LockOrder.ENABLED) {
            LockOrder.released(this);
        }
        release();
        return h;
    }

    /** Re-acquires after {@link #fullyRelease}, uninterruptibly, restoring the hold count. */
    void reacquire(int savedHolds) {
        acquireUninterruptibly();
        taken(Thread.currentThread());
        holds = savedHolds;
    }

    public boolean isLocked() {
        return available() == 0;
    }

    // VarHandle mechanics
    private static final java.lang.invoke.VarHandle OWNER;

    static {
        try {
            OWNER = java.lang.invoke.MethodHandles.lookup().findVarHandle(MutexSync.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
