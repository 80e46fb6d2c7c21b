package dev.weft.internal;

/** The mechanics behind Weft's {@code Event}: a flag and the threads waiting for it. */
/*
 * Implementation notes.
 *
 *   spin     a waiter that finds the flag false polls it SPINS times before it queues: a
 *            ping-pong partner on another carrier usually sets it within that time, which saves
 *            a park and an unpark (measured: EventPingPongBenchmark, about 4x fewer ns per round
 *            trip). Bounded, so a waiter that must wait longer costs at most ~1 us of CPU.
 *
 *   flag     volatile. set() writes true and grants every queued waiter in one critical section
 *            of the queue lock; clear() writes false (no lock needed: it wakes nobody).
 *   await    reads the flag without the lock (fast path); if false, takes the lock, reads it
 *            again and links its node only if still false. set() writes the flag and drains
 *            the queue under the same lock, so a waiter either sees true or is drained by set():
 *            no lost wake-up.
 *
 * Generations come for free: set() grants the nodes that are queued at that moment, and a
 * granted node stays granted. A clear() right after set() therefore never re-blocks a waiter
 * that was parked at the set(): its wake-up does not depend on the flag it reads later
 * (asyncio's futures-per-waiter, threading's "waiters woken by set() return True").
 *
 * Memory effects: set()'s flag write and node CASes are volatile; a waiter returns after
 * reading one of them, so actions before set() happen-before await() returns true.
 */
public final class EventSync extends WaitQueue {

    /**
     * Polls of the flag before a waiter queues and parks; none on a single processor. About a
     * microsecond: long enough for a setter running on another carrier to arrive, much shorter
     * than the park/unpark round trip it saves (the JDK's LinkedTransferQueue spins 128 too).
     */
    static final int SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 128 : 0;

    private volatile boolean flag;

    public boolean isSet() {
        return flag;
    }

    public void set() {
        if (flag) {
            return;
        }
        lockQueue();
        flag = true;
        Node chain = grantUpTo(Integer.MAX_VALUE, 0);
        unlockQueue();
        unparkAll(chain);
    }

    public void clear() {
        flag = false;
    }

    /**
     * @return true once set, false if {@code timed} and the time ran out first
     */
    public boolean await(boolean timed, long nanos) throws InterruptedException {
        Cancellation.checkpoint();
        if (flag) {
            return true;
        }
        if (timed && nanos <= 0L) {
            return false;
        }
        for (int i = SPINS; i > 0; i--) {
            Thread.onSpinWait();
            if (flag) {
                return true;
            }
        }
        lockQueue();
        if (flag) {
            unlockQueue();
            return true;
        }
        Node node = link();
        unlockQueue();
        return await(node, timed, nanos, 0) == GRANTED;
    }

    /**
     * Waits until set, ignoring interrupts and Weft cancellation; an interrupt that arrives
     * meanwhile is re-asserted. For GroupExecutor.close(), which must wait for its tasks to end
     * (as ExecutorService.close() does) even in a cancelled task, without spinning.
     */
    public void awaitUninterruptibly() {
        if (flag) {
            return;
        }
        lockQueue();
        if (flag) {
            unlockQueue();
            return;
        }
        Node node = link();
        unlockQueue();
        awaitUninterruptibly(node);
    }

    /** Waiting threads (a snapshot), for tests and monitoring. */
    public int queueLength() {
        return queued();
    }
}
