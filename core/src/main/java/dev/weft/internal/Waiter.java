// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.internal.jfr.ContendedWaitEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * One thread waiting for something: the only place in Weft that parks a thread and decides
 * the race between a hand-off (an item, a permit, the lock, a signal, a task's end) and a
 * cancellation, an interrupt or a timeout (Trio's {@code wait_task_rescheduled}, Jox's
 * {@code Continuation}).
 *
 * <p>Every blocking Weft call creates a {@code Waiter}, makes it reachable to whoever will hand
 * it its outcome (a {@link WaitList}, a field), and calls {@link #await}.
 */
/*
 * Implementation notes.
 *
 * State machine. `status` changes exactly once out of WAITING:
 *
 *     WAITING --granter: grant(outcome), outcome > 0--> GRANTED | SHUTDOWN | ...  --> unpark
 *        |
 *        +----the waiter itself, through its Owner.withdraw--> CANCELLED
 *             (interrupted, its Weft scope cancelled, or its time ran out)
 *
 * Whoever moves `status` first decides; the other accepts it. If the granter won, the waiter
 * owns what it was handed (an item, a permit, the lock, a wake-up, a barrier index): if it was
 * interrupted meanwhile it keeps it and re-asserts its interrupt (the JDK's REINTERRUPT rule);
 * cancellation is sticky, so its next blocking Weft call throws. If the waiter won, its Owner
 * has unlinked it (under the owner's lock, for a WaitList) and repaired its own state, so a
 * granter never meets a cancelled node and nothing it grants is absorbed (asyncio bpo-27585).
 *
 * The Owner decides what an interrupt means. The common owners give up (withdraw, throw
 * InterruptedException). Some waits must not end before their outcome (a group's opener
 * waiting for its tasks, Weft.run, toThread): their owner reacts (cancels what it waits for)
 * and keeps waiting; the waiter then remembers whether it consumed an interrupt
 * (`consumedInterrupt`, for the owner to re-assert or not), and stops consulting the scope's
 * sticky flag, so it parks instead of spinning on a cancellation it has already answered.
 *
 * Spinning: a waiter may poll `status` a few times before it parks (Spin.HEAD, for the head of
 * a lock or semaphore queue), because the hand-off often arrives within a microsecond on
 * another carrier. The scope's sticky flag is read once the spinning is over (a Weft
 * cancellation always interrupts the thread too, and a ThreadLocal lookup per spin would slow
 * the hand-off).
 *
 * The contended path: once the spinning is over, and before the first park, the waiter calls
 * Owner.parking() once (a Lock checks there whether waiting would close a deadlock cycle, so
 * only waits that really block pay for it) and parks on Owner.blocker(), the public object
 * (dev.weft.Lock, dev.weft.Queue) that thread dumps and Weft.taskTree() show. There too, and
 * only there, it begins the dev.weft.ContendedWait JFR event (null while the event is disabled;
 * a lock's holder is read and described then), committed when await returns or throws:
 * its duration runs from the end of the spinning, not from the start of await, so that a spin
 * that ends in a hand-off pays nothing even while JFR records. awaitUninterruptibly, which
 * does not spin, begins it before its first park.
 *
 * Field access:
 *   thread, owner                final.
 *   status                       see the state machine; volatile, moved by CAS (or by a
 *                                volatile store under the owner's lock, see grantLocked).
 *   item, result                 written by the granter before it moves `status` (which
 *                                publishes them), read by the waiter after it sees the outcome;
 *                                a putter's item is written by the waiter before it is linked.
 *   prev, next, list             WaitList links: only under the lock that guards that list.
 *   nextGranted                  a granter's private chain: written under the lock, read by
 *                                the same granter after unlocking.
 *   consumedInterrupt            the waiting thread only.
 *
 * Memory effects: a grant is a volatile write read by the waiter before it returns, so what
 * the granter did before granting happens-before the waiter's return.
 */
public final class Waiter {

    /** Not decided yet. */
    static final int WAITING = 0;
    /** Handed what it waited for. */
    public static final int GRANTED = 1;
    /** A queue was shut down while the waiter waited. */
    public static final int SHUTDOWN = 2;
    /** The waiter gave up (set by its owner's withdraw). */
    static final int CANCELLED = -1;
    /** What {@link #await} returns when the time ran out and the waiter withdrew. */
    public static final int TIMED_OUT = -2;

    /**
     * Who the waiter waits on: it withdraws the waiter when the waiter gives up, and says what
     * an interrupt means. Also the park blocker that thread dumps show.
     */
    public interface Owner {
        /**
         * The waiter's side of the race: moves {@code w} from WAITING to CANCELLED and unlinks
         * it, under whatever lock guards its list; then repairs the owner's state.
         *
         * @param timedOut true if the waiter gave up because its time ran out
         * @return true if the waiter withdrew, false if a grant came first
         */
        default boolean withdraw(Waiter w, boolean timedOut) {
            return w.cancelUnlisted();
        }

        /**
         * An interrupt, or its scope's cancellation, reached the waiter.
         *
         * @return true to give up (withdraw and throw InterruptedException), false to keep
         *     waiting; the owner has then reacted, and {@link Waiter#consumedInterrupt()} is true
         */
        default boolean onInterrupt(Waiter w) {
            return true;
        }

        /**
         * What the waiting thread parks on ({@link LockSupport#getBlocker}): the public object
         * the user knows (a {@code dev.weft.Lock}), so that thread dumps and the task tree name
         * it. Its {@code toString()} says what it is ({@code Lock 'accounts'}).
         */
        default Object blocker() {
            return this;
        }

        /**
         * Called once by the waiting thread when it is about to park for the first time (its
         * spinning is over and it was not granted): the contended path, where a lock checks
         * for a deadlock. May throw; the waiter has then withdrawn, or it was granted and the
         * exception is not thrown (see {@link Waiter#await}).
         */
        default void parking(Waiter w) {}
    }

    /** An owner of unlisted waiters that gives up on interrupt. */
    public static final Owner INTERRUPTIBLE = new Owner() {};

    /** Spin counts, stated once: polls of {@code status} before parking. */
    public static final class Spin {
        private Spin() {}

        /** No spinning: the other side usually needs this carrier, or is parked itself. */
        public static final int NONE = 0;

        /**
         * The head waiter of a lock or semaphore: the holder usually releases within a
         * microsecond on another carrier. None on a single processor.
         */
        public static final int HEAD = Runtime.getRuntime().availableProcessors() > 1 ? 64 : 0;

        /** An Event waiter before it queues (the JDK's LinkedTransferQueue spins 128 too). */
        public static final int EVENT = Runtime.getRuntime().availableProcessors() > 1 ? 128 : 0;
    }

    final Thread thread;
    final Owner owner;
    private volatile int status;
    /** An item handed to a getter, or offered by a putter. */
    Object item;
    /** A value handed with the grant (a barrier index). */
    int result;

    Waiter prev;
    Waiter next;
    WaitList list;
    Waiter nextGranted;
    private boolean consumedInterrupt;

    /** A waiter for the current thread. */
    public Waiter(Owner owner) {
        this.thread = Thread.currentThread();
        this.owner = owner;
    }

    Waiter(Owner owner, Object item) {
        this(owner);
        this.item = item;
    }

    /** The value the granter attached; read only after the waiter was granted. */
    public int result() {
        return result;
    }

    /** The outcome so far: WAITING (0), an outcome (> 0) or CANCELLED (< 0). */
    public int status() {
        return status;
    }

    /** True if this wait answered an interrupt by keeping on waiting (see {@link Owner#onInterrupt}). */
    public boolean consumedInterrupt() {
        return consumedInterrupt;
    }

    // ---- the granter's side ----

    /**
     * Grants a waiter that may also be withdrawing itself without a lock (a single waiter in a
     * field). Unparks it if the grant won.
     *
     * @return true if this call decided the outcome
     */
    public boolean grant(int outcome) {
        if (STATUS.compareAndSet(this, WAITING, outcome)) {
            LockSupport.unpark(thread);
            return true;
        }
        return false;
    }

    /**
     * Grants a waiter of a {@link WaitList}, with that list's lock held: every linked waiter is
     * WAITING, and withdrawals happen under the same lock, so no CAS is needed. The caller
     * unparks it after unlocking.
     *
     * <p>The store must be volatile, not merely a release store: the JDK's unpark of a virtual
     * thread whose park permit is already set (a stale unpark it has not parked since) only
     * <em>reads</em> the permit, and that thread's next park consumes the permit and returns.
     * Without a StoreLoad fence between this store and that read, the granter can read the
     * permit before the waiter consumes it while the waiter, after consuming it, still reads
     * WAITING, and parks again with no one left to wake it (a bounded Queue's consumer was found
     * parked in get() with the queue full). Public for the jcstress test of that race
     * (GrantRacingStalePermitNeverStrandsWaiter).
     */
    public void grantLocked(int outcome) {
        assert status == WAITING : "granting a waiter that is not WAITING";
        STATUS.setVolatile(this, outcome);
    }

    /** The withdraw of an unlisted waiter: one CAS. */
    public boolean cancelUnlisted() {
        return STATUS.compareAndSet(this, WAITING, CANCELLED);
    }

    /** Unparks this waiter's thread. */
    void unpark() {
        LockSupport.unpark(thread);
    }

    // ---- the waiter's side ----

    /**
     * Waits until this waiter is granted, or gives up.
     *
     * @param nanos how long at most; negative for no limit
     * @param spins polls of the status before parking (see {@link Spin})
     * @return the outcome (> 0), or {@link #TIMED_OUT}
     * @throws InterruptedException if interrupted or cancelled before a grant and the owner gave
     *     up; the interrupt status is then clear
     */
    public int await(long nanos, int spins) throws InterruptedException {
        boolean timed = nanos >= 0L;
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        boolean reassert = false;
        boolean answered = false;
        Object blocker = null; // set once the spinning is over: see aboutToPark
        ContendedWaitEvent jfr = null; // dev.weft.ContendedWait: begun on the contended path only
        try {
            for (; ; ) {
                int s = status;
                if (s > 0) {
                    if (reassert) {
                        Thread.currentThread().interrupt(); // the hand-off won; keep the interrupt
                    }
                    return s;
                }
                boolean interrupted = Thread.interrupted();
                if (interrupted || (spins == 0 && !answered && Cancellation.isCancelled())) {
                    if (owner.onInterrupt(this)) {
                        if (owner.withdraw(this, false)) {
                            throw Cancellation.interruptedException();
                        }
                        reassert |= interrupted; // granted meanwhile: the loop returns it
                        continue;
                    }
                    // The owner answered and waits on: look at the sticky flag no more (it would
                    // spin), only at further interrupts.
                    answered = true;
                    consumedInterrupt |= interrupted;
                }
                long remaining = 0L;
                if (timed) {
                    remaining = deadline - System.nanoTime();
                    if (remaining <= 0L) {
                        if (owner.withdraw(this, true)) {
                            return TIMED_OUT;
                        }
                        continue; // granted at the deadline: the grant wins
                    }
                }
                if (spins > 0) {
                    spins--;
                    Thread.onSpinWait();
                } else if (blocker == null) {
                    blocker = aboutToPark();
                    jfr = contendedWait();
                } else if (timed) {
                    LockSupport.parkNanos(blocker, remaining);
                } else {
                    LockSupport.park(blocker);
                }
            }
        } finally {
            if (jfr != null) {
                jfr.waited(owner.blocker(), waitedName());
            }
        }
    }

    /**
     * The contended path begins: tells the owner (which may throw, see {@link Owner#parking})
     * and returns what to park on. The caller loops once more before its first park, so a
     * grant that arrived meanwhile is seen without parking.
     */
    private Object aboutToPark() {
        owner.parking(this);
        return owner.blocker();
    }

    /** Begins {@code dev.weft.ContendedWait} if it is enabled (else null), naming a lock's holder. */
    private @Nullable ContendedWaitEvent contendedWait() {
        return ContendedWaitEvent.parking(owner instanceof MutexSync m ? m.holder() : null);
    }

    /** The user's name for what this waiter waits on, for ContendedWait; null if none. */
    private @Nullable String waitedName() {
        return owner instanceof WaitQueue q ? q.name() : null;
    }

    /**
     * Waits until granted, ignoring interrupts and cancellation; an interrupt that arrives
     * meanwhile is re-asserted before returning. For waits j.u.c cannot give up either (a
     * condition waiter re-acquiring its lock).
     */
    public int awaitUninterruptibly() {
        boolean interrupted = false;
        Object blocker = owner.blocker();
        ContendedWaitEvent jfr = status > 0 ? null : contendedWait();
        int s;
        while ((s = status) <= 0) {
            if (Thread.interrupted()) {
                interrupted = true; // park would return at once while the status is set
            }
            LockSupport.park(blocker);
        }
        if (jfr != null) {
            jfr.waited(blocker, waitedName());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return s;
    }

    /**
     * Parks the current thread for up to {@code nanos} with no one to wake it: the back-off of a
     * contended {@link SpinLock}. Leaves the interrupt status as it was.
     */
    static void backOff(Object blocker, long nanos) {
        boolean interrupted = Thread.interrupted(); // parkNanos returns at once while it is set
        LockSupport.parkNanos(blocker, nanos);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // VarHandle mechanics
    private static final VarHandle STATUS;

    static {
        try {
            STATUS = MethodHandles.lookup().findVarHandle(Waiter.class, "status", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
