package dev.weft.internal;

/** The mechanics behind Weft's {@code Event}: a flag, a generation count and the waiters. */
/*
 * Implementation notes.
 *
 *   flag         volatile. set() writes true, clear() writes false (no lock: it wakes nobody).
 *   generation   volatile, bumped by every set() that finds the flag false, under the queue
 *                lock, before the flag is written. It is what makes a pulse (set() at once
 *                followed by clear()) reach every waiter that was inside await() when set()
 *                ran, as asyncio's Event does: a waiter reads the generation on entry and
 *                returns true as soon as the flag is true OR the generation has moved on.
 *   spin         a waiter that finds neither polls both Waiter.Spin.EVENT times before it
 *                queues: a ping-pong partner on another carrier usually sets it within that
 *                time, which saves a park and an unpark (EventPingPongBenchmark, about 4x
 *                fewer ns per round trip). Bounded, so a long wait costs at most ~1 us of CPU.
 *   queueing     under the lock the waiter re-reads flag and generation, and links a waiter
 *                only if neither changed; set() bumps the generation and grants every linked
 *                waiter in the same critical section. So a waiter either sees the set or is
 *                granted by it: no lost wake-up, whether it was spinning or parked.
 *
 * A granted waiter stays granted, so a clear() right after set() never re-blocks a waiter that
 * was parked at the set().
 *
 * Memory effects: set()'s generation and flag writes and grants are volatile; a waiter returns
 * true after reading one of them, so actions before set() happen-before await() returns true.
 */
public final class EventSync extends WaitQueue {

    private volatile boolean flag;
    private volatile long generation;

    public boolean isSet() {
        return flag;
    }

    /** The number of set() calls that found the flag false; a waiter's starting point. */
    public long generation() {
        return generation;
    }

    public void set() {
        if (flag) {
            return;
        }
        lockQueue();
        if (flag) {
            unlockQueue();
            return;
        }
        generation++;
        flag = true;
        Waiter chain = grantUpTo(Integer.MAX_VALUE, 0);
        unlockQueue();
        WaitList.unparkAll(chain);
    }

    public void clear() {
        flag = false;
    }

    /**
     * @return true once set, false if {@code timed} and the time ran out first
     */
    public boolean await(boolean timed, long nanos) throws InterruptedException {
        return awaitFrom(generation, timed, nanos);
    }

    /**
     * Waits until the flag is true or a set() has happened since generation {@code from}.
     *
     * @return true once set, false if {@code timed} and the time ran out first
     */
    public boolean awaitFrom(long from, boolean timed, long nanos) throws InterruptedException {
        Cancellation.checkpoint();
        if (flag || generation != from) {
            return true;
        }
        if (timed && nanos <= 0L) {
            return false;
        }
        for (int i = Waiter.Spin.EVENT; i > 0; i--) {
            Thread.onSpinWait();
            if (flag || generation != from) {
                return true;
            }
        }
        lockQueue();
        if (flag || generation != from) {
            unlockQueue();
            return true;
        }
        Waiter w = link();
        unlockQueue();
        return w.await(timed ? nanos : -1L, Waiter.Spin.NONE) == Waiter.GRANTED;
    }

    /** Waiting threads (a snapshot), for tests and monitoring. */
    public int queueLength() {
        return queued();
    }
}
