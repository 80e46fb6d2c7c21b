package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The short lock of a Weft queue ({@link WaitQueue} under the synchronization primitives, the
 * store of {@code dev.weft.Queue}), embedded in the object it guards by extension, so that the
 * lock word shares the guarded fields' cache line.
 */
/*
 * Implementation notes.
 *
 * A test-and-test-and-set spin lock: `lockWord` is 0 when free, 1 when held; taken by CAS,
 * given back by a release store. It guards a few field writes only: never held across a park,
 * an unpark or another SpinLock (no nesting, so no lock-order deadlock), and the only user code
 * run under it is a PriorityQueue's comparator (see QueueCore). A caller that finds it held polls it `spins` times and then Thread.yield()s, so a
 * virtual thread waiting for it gives its carrier away (the holder's carrier may have been
 * descheduled) instead of burning it. It is not a java.util.concurrent lock because those can
 * park, and a park in the slow path of a hand-off costs more than the section it guards; their
 * unlock also costs a full fence to look for parked waiters, which this one never has.
 *
 * Memory effects: the CAS that takes the lock is a volatile read-modify-write and the release
 * store publishes every write made while holding it to the next holder.
 */
abstract class SpinLock {

    /** 0 = free, 1 = held. */
    private volatile int lockWord;

    /** Polls of a held lock before the caller yields its carrier. */
    private final int spins;

    /** @param spins polls of a held lock before yielding the carrier (at least 1) */
    SpinLock(int spins) {
        this.spins = spins;
    }

    /** Takes the lock; spins, then yields, while another thread holds it. */
    protected final void lockQueue() {
        if (!LOCK.compareAndSet(this, 0, 1)) {
            contendedLock();
        }
    }

    private void contendedLock() {
        int n = 0;
        for (;;) {
            if (lockWord == 0 && LOCK.compareAndSet(this, 0, 1)) {
                return;
            }
            if (++n < spins) {
                Thread.onSpinWait();
            } else {
                n = 0;
                Thread.yield();
            }
        }
    }

    /** Gives the lock back. Only its holder calls this. */
    protected final void unlockQueue() {
        LOCK.setRelease(this, 0);
    }

    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(SpinLock.class, "lockWord", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
