// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.DeadlockException;
import java.util.List;

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
 *
 * A holder that ends without releasing (Trio's "broken" lock, trio#3035): nothing could ever
 * release the lock, so instead of waiting for ever its waiters throw DeadlockException, and so
 * does every later acquire that would wait (tryLock just fails). Nothing is tracked on the
 * uncontended path. A thread that is about to wait (checkHolder: before it parks, or before an
 * uninterruptible wait) looks at the holder:
 *
 *   - a Weft task: it records this lock in the task's watch list (ForkedTask.watchHeldLock, at
 *     most once per lock and task), which the task walks when its code has ended, breaking
 *     each listed lock it still holds. The waiter records and then reads the task's `finished`;
 *     the task writes `finished` and then reads its list (both volatile): either the task sees
 *     the entry, or the waiter sees the task ended and breaks the lock itself (both may: break
 *     is idempotent).
 *   - any other thread (or a task whose thread has terminated, which clears the handler that
 *     names its task): it is checked with isAlive() there and then. Weft cannot see such a
 *     thread end, so only waits that begin after it ended are answered; earlier ones wait on.
 *
 * breakBy(dead) CASes `brokenBy` from null, only if `dead` still holds the lock, and then moves
 * every waiter to SHUTDOWN (PermitSync.shutDown). That re-read of `owner` sees the holder's last
 * write to it: breakBy runs in the ended task's own thread, or after a read that synchronizes
 * with its end (its `finished`, its list's DONE, or isAlive() false), so a holder that released
 * before it ended is never taken for one that did not. A waiter that links after the break sees
 * `brokenBy` in its own checkHolder and withdraws.
 */
public final class MutexSync extends PermitSync {

    private final boolean reentrant;
    private final String kind;
    private Thread owner;
    private int holds;
    /** Set once, if the holder ended holding the lock: that holder, described (see the notes). */
    private volatile String brokenBy;
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
        checkHolder(w);
        Deadlocks.blocking(this, w);
    }

    @Override
    protected void waitingUninterruptibly(Waiter w) {
        checkHolder(w);
    }

    /**
     * The current thread is about to wait as {@code w}: breaks the lock if its holder has ended
     * (see the notes), and if the lock is broken, withdraws {@code w} and throws.
     */
    private void checkHolder(Waiter w) {
        Thread h = holder();
        if (h != null) {
            ForkedTask<?> task = Cancellation.taskOf(h);
            boolean ended = task != null ? !task.watchHeldLock(this) : !h.isAlive();
            if (ended) {
                breakBy(h);
            }
        }
        if (brokenBy != null && withdraw(w, false)) {
            throw shutDownFailure();
        }
    }

    /** {@code dead} has ended: breaks the lock if it still holds it (see the notes). */
    void breakBy(Thread dead) {
        if (holder() == dead && BROKEN_BY.compareAndSet(this, null, WeftThreads.describe(dead))) {
            shutDown();
        }
    }

    @Override
    protected RuntimeException shutDownFailure() {
        String lock = label();
        return new DeadlockException(
                lock + " is broken: " + brokenBy + " ended while holding it, so no one can ever acquire it",
                List.of(brokenBy),
                List.of(lock));
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
    private static final java.lang.invoke.VarHandle BROKEN_BY;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup l = java.lang.invoke.MethodHandles.lookup();
            OWNER = l.findVarHandle(MutexSync.class, "owner", Thread.class);
            BROKEN_BY = l.findVarHandle(MutexSync.class, "brokenBy", String.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
