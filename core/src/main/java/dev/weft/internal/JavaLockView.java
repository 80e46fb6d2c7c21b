// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import java.util.Date;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * {@code Lock.asJavaLock()} and {@code RLock.asJavaLock()}: a
 * {@link java.util.concurrent.locks.Lock} view of a Weft lock, with conditions. The contract is
 * documented on {@code dev.weft.Lock#asJavaLock()}.
 */
/*
 * Implementation notes.
 *
 * Every method is one MutexSync / ConditionSync call; the view holds no state, so any number of
 * views of one Weft lock are the same lock, and Weft's own acquire/release mix freely with it.
 *
 *   lock()               MutexSync.lockUninterruptibly: PermitSync.acquireUninterruptibly, which
 *                        parks through WaitQueue.awaitUninterruptibly and re-asserts an
 *                        interrupt. Not a loop over the interruptible acquire: Weft cancellation
 *                        is sticky, so in a cancelled task that acquire would throw at once, every
 *                        time, and the loop would spin instead of waiting.
 *   lockInterruptibly / tryLock(t)
 *                        the Weft blocking acquire (cancellation checkpoint first).
 *   tryLock()            MutexSync.tryLock: no barging past a waiter (Weft's FIFO rule).
 *   unlock / Condition methods without the lock
 *                        the holder is checked first and IllegalMonitorStateException thrown, as
 *                        j.u.c requires; Weft's own calls would throw IllegalStateException.
 *   newCondition         a fresh ConditionSync on the same MutexSync: what a dev.weft.Condition
 *                        is, with j.u.c's method names; awaitUninterruptibly is
 *                        ConditionSync.awaitUninterruptibly.
 */
public final class JavaLockView implements Lock {

    private final MutexSync sync;
    private final String kind;

    /**
     * @param sync the Weft lock's mechanics
     * @param kind "Lock" or "RLock", for messages
     */
    public JavaLockView(MutexSync sync, String kind) {
        this.sync = sync;
        this.kind = kind;
    }

    @Override
    public void lock() {
        sync.lockUninterruptibly();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        sync.lock(false, 0L);
    }

    @Override
    public boolean tryLock() {
        return sync.tryLock();
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return sync.lock(true, WaitTime.nanos(time, unit));
    }

    @Override
    public void unlock() {
        checkHeld(sync, kind, "unlock");
        sync.unlock();
    }

    @Override
    public Condition newCondition() {
        return new ConditionView(sync, kind);
    }

    @Override
    public String toString() {
        return "JavaLockView[" + kind + ", " + (sync.isLocked() ? "locked" : "unlocked") + "]";
    }

    static void checkHeld(MutexSync sync, String kind, String what) {
        if (!sync.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("cannot " + what + ": the current thread does not hold this " + kind
                    + " (" + (sync.isLocked() ? "held by another task" : "not locked") + ")");
        }
    }

    /** A condition of the view: Weft's Condition mechanics under j.u.c's names and exceptions. */
    private static final class ConditionView implements Condition {
        private final MutexSync mutex;
        private final ConditionSync sync;
        private final String kind;

        ConditionView(MutexSync mutex, String kind) {
            this.mutex = mutex;
            this.sync = new ConditionSync(mutex);
            this.kind = kind;
        }

        @Override
        public void await() throws InterruptedException {
            checkHeld(mutex, kind, "await a Condition");
            sync.await(false, 0L);
        }

        @Override
        public void awaitUninterruptibly() {
            checkHeld(mutex, kind, "await a Condition");
            sync.awaitUninterruptibly();
        }

        @Override
        public long awaitNanos(long nanosTimeout) throws InterruptedException {
            checkHeld(mutex, kind, "await a Condition");
            long start = System.nanoTime();
            boolean signalled = sync.await(true, WaitTime.nanos(nanosTimeout, TimeUnit.NANOSECONDS));
            if (nanosTimeout <= 0L) {
                return nanosTimeout;
            }
            long left = nanosTimeout - (System.nanoTime() - start);
            return signalled ? left : Math.min(left, 0L);
        }

        @Override
        public boolean await(long time, TimeUnit unit) throws InterruptedException {
            Objects.requireNonNull(unit, "unit");
            checkHeld(mutex, kind, "await a Condition");
            return sync.await(true, WaitTime.nanos(time, unit));
        }

        @Override
        public boolean awaitUntil(Date deadline) throws InterruptedException {
            Objects.requireNonNull(deadline, "deadline");
            checkHeld(mutex, kind, "await a Condition");
            long millis = deadline.getTime() - System.currentTimeMillis();
            return sync.await(true, WaitTime.nanos(millis, TimeUnit.MILLISECONDS));
        }

        @Override
        public void signal() {
            checkHeld(mutex, kind, "signal a Condition");
            sync.signal(1);
        }

        @Override
        public void signalAll() {
            checkHeld(mutex, kind, "signal a Condition");
            sync.signal(Integer.MAX_VALUE);
        }
    }
}
