// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** The mechanics behind Weft's {@code Event}: a flag, a generation count and the waiters. */
/*
 * Implementation notes.
 *
 *   state        one volatile long: bit 0 is the flag, the bits above it count the set() calls
 *                that found the flag false (the generation). One word, so that set() and
 *                clear() are each one atomic step: with two fields, a clear() landing between
 *                set()'s two writes could be undone by the second (seen as a ping-pong that
 *                lost a round and hung).
 *   set()        CAS: flag on, generation + 1, under the queue lock, and grants every linked
 *                waiter in the same critical section. No-op if the flag is already on.
 *   clear()      CAS: flag off, generation kept. No lock: it wakes nobody.
 *   await        reads the generation on entry and returns true as soon as the flag is on OR
 *                the generation has moved on. That is what makes a pulse (set() at once
 *                followed by clear()) reach every waiter that was inside await() when set()
 *                ran, parked or not yet, as asyncio's Event does.
 *   spin         a waiter that finds neither polls Waiter.Spin.EVENT times before it queues: a
 *                ping-pong partner on another carrier usually sets it within that time, which
 *                saves a park and an unpark (EventPingPongBenchmark, about 4x fewer ns per
 *                round trip). Bounded, so a long wait costs at most ~1 us of CPU.
 *   queueing     under the lock the waiter re-reads the state and links a waiter only if
 *                nothing changed; set() changes the state and grants every linked waiter under
 *                the same lock. So a waiter either sees the set or is granted by it: no lost
 *                wake-up, whether it was spinning or parked.
 *
 * A granted waiter stays granted, so a clear() right after set() never re-blocks a waiter that
 * was parked at the set().
 *
 * Memory effects: set()'s CAS and grants are volatile writes; a waiter returns true after
 * reading one of them, so actions before set() happen-before await() returns true.
 */
public final class EventSync extends WaitQueue {

    private static final long FLAG = 1L;
    private static final long ONE_GENERATION = 2L;

    /** Bit 0: the flag; bits 1..63: the generation. */
    private volatile long state;

    public boolean isSet() {
        return (state & FLAG) != 0;
    }

    /** The number of set() calls that found the flag off: a waiter's starting point. */
    public long generation() {
        return state >>> 1;
    }

    public void set() {
        if ((state & FLAG) != 0) {
            return;
        }
        lockQueue();
        for (long s = state; ; s = state) {
            if ((s & FLAG) != 0) {
                unlockQueue();
                return; // another set() won
            }
            if (STATE.compareAndSet(this, s, s + ONE_GENERATION + FLAG)) {
                break;
            }
        }
        Waiter chain = grantUpTo(Integer.MAX_VALUE, 0);
        unlockQueue();
        WaitList.unparkAll(chain);
    }

    public void clear() {
        for (long s = state; (s & FLAG) != 0; s = state) {
            if (STATE.compareAndSet(this, s, s & ~FLAG)) {
                return;
            }
        }
    }

    /**
     * @return true once set, false if {@code timed} and the time ran out first
     */
    public boolean await(boolean timed, long nanos) throws InterruptedException {
        return awaitFrom(generation(), timed, nanos);
    }

    /** True if the flag is on or a set() has happened since generation {@code from}. */
    private boolean reached(long from) {
        long s = state;
        return (s & FLAG) != 0 || (s >>> 1) != from;
    }

    /**
     * Waits until the flag is on or a set() has happened since generation {@code from}.
     *
     * @return true once set, false if {@code timed} and the time ran out first
     */
    public boolean awaitFrom(long from, boolean timed, long nanos) throws InterruptedException {
        Cancellation.checkpoint();
        if (reached(from)) {
            return true;
        }
        if (timed && nanos <= 0L) {
            return false;
        }
        for (int i = Waiter.Spin.EVENT; i > 0; i--) {
            Thread.onSpinWait();
            if (reached(from)) {
                return true;
            }
        }
        lockQueue();
        if (reached(from)) {
            unlockQueue();
            return true;
        }
        Waiter w = link();
        unlockQueue();
        return w.await(timed ? nanos : -1L, Waiter.Spin.NONE) == Waiter.GRANTED;
    }

    /**
     * Waits until set, ignoring interrupts and Weft cancellation; an interrupt that arrives
     * meanwhile is re-asserted. For GroupExecutor.close(), which must wait for its tasks to end
     * (as ExecutorService.close() does) even in a cancelled task, without spinning.
     */
    public void awaitUninterruptibly() {
        long from = generation();
        if (reached(from)) {
            return;
        }
        lockQueue();
        if (reached(from)) {
            unlockQueue();
            return;
        }
        Waiter w = link();
        unlockQueue();
        w.awaitUninterruptibly();
    }

    /** Waiting threads (a snapshot), for tests and monitoring. */
    public int queueLength() {
        return queued();
    }

    // VarHandle mechanics
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(EventSync.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
