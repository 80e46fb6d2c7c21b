// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The short lock of a Weft wait queue ({@link WaitQueue} under the synchronization primitives,
 * the store of {@code dev.weft.Queue}), embedded in the object it guards by extension, so that
 * the lock word shares the guarded fields' cache line.
 */
/*
 * Implementation notes.
 *
 * A test-and-test-and-set lock: `lockWord` is 0 when free, 1 when held; taken by CAS, given
 * back by a release store. It guards a few field writes only: never held across a park, an
 * unpark or another SpinLock (no nesting, so no lock-order deadlock), and the only user code
 * run under it is a PriorityQueue's comparator (see QueueCore).
 *
 * A caller that finds it held polls it `spins` times, then yields its carrier (the holder may
 * be a virtual thread waiting for one), and after YIELDS yields backs off with a timed park
 * that doubles from 1 us to 1 ms. The park is what makes progress certain: a scheduler that
 * always runs the yielding thread again (a systematic-concurrency tester does) would otherwise
 * never run the holder, so the waiter would spin forever; parked, it lets the holder run. Nobody
 * unparks a backing-off thread (there is no queue of them): it retries when its park times out.
 * It is not a java.util.concurrent lock because those queue and park on every contended
 * acquire, which costs more than the sections guarded here, and their unlock needs a full
 * fence to look for parked waiters, which this one never has.
 *
 * Memory effects: the CAS that takes the lock is a volatile read-modify-write and the release
 * store publishes every write made while holding it to the next holder.
 */
abstract class SpinLock {

    /** Yields of the carrier before a contended caller starts parking. */
    private static final int YIELDS = 8;

    private static final long MIN_BACKOFF_NANOS = 1_000L;
    private static final long MAX_BACKOFF_NANOS = 1_000_000L;

    /** 0 = free, 1 = held. */
    private volatile int lockWord;

    /** Polls of a held lock before the caller yields its carrier. */
    private final int spins;

    /** @param spins polls of a held lock before yielding the carrier (at least 1) */
    SpinLock(int spins) {
        this.spins = spins;
    }

    /** Takes the lock; spins, then yields, then parks in short rounds while another thread holds it. */
    protected final void lockQueue() {
        if (!LOCK.compareAndSet(this, 0, 1)) {
            contendedLock();
        }
    }

    private void contendedLock() {
        int n = 0;
        int yields = 0;
        long backOff = MIN_BACKOFF_NANOS;
        for (; ; ) {
            if (lockWord == 0 && LOCK.compareAndSet(this, 0, 1)) {
                return;
            }
            if (++n < spins) {
                Thread.onSpinWait();
            } else if (yields < YIELDS) {
                n = 0;
                yields++;
                Thread.yield();
            } else {
                n = 0;
                Waiter.backOff(this, backOff);
                backOff = Math.min(backOff * 2, MAX_BACKOFF_NANOS);
            }
        }
    }

    /** Gives the lock back. Only its holder calls this. */
    protected final void unlockQueue() {
        LOCK.setRelease(this, 0);
    }

    /** True if some thread holds the lock now (a snapshot, for tests). */
    final boolean isLockHeld() {
        return lockWord != 0;
    }

    // VarHandle mechanics
    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(SpinLock.class, "lockWord", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
