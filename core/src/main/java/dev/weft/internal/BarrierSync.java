// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/** The mechanics behind Weft's {@code Barrier}. */
/*
 * Implementation notes.
 *
 * All state is guarded by the queue lock; `arrived` and `broken` are volatile only so that
 * waiting() and isBroken() can read them without it.
 *
 *   arrived  parties of the current generation that wait (= nodes in the queue).
 *   broken   set by abort() and by a timed-out await; cleared by reset().
 *
 * A generation ends when the last party arrives: it grants every queued node in FIFO order
 * with result = its arrival index 0..parties-2, takes parties-1 itself and sets arrived to 0,
 * all in one critical section, so the next await starts a new generation. Indexes are assigned
 * when the barrier trips, not when parties arrive, so they stay distinct and dense 0..n-1 even
 * when an earlier arrival left (asyncio numbers at arrival and can hand out an index twice).
 *
 * Leaving:
 *   - interrupted or cancelled while the barrier fills: the node is unlinked and arrived
 *     decremented (cancelled() hook); the barrier stays intact (asyncio).
 *   - timed out: the same, and then the barrier breaks: every other waiter is granted with
 *     result BROKEN and throws BrokenBarrierException; the timed-out party throws
 *     TimeoutException (j.u.c CyclicBarrier, threading.Barrier).
 *   - abort(): breaks it; reset(): wakes current waiters with BROKEN and starts a fresh,
 *     unbroken generation.
 * A waiter whose grant raced its own interrupt keeps the grant (index or BROKEN) and
 * re-asserts the interrupt.
 */
public final class BarrierSync extends WaitQueue {

    private static final int BROKEN = -1;

    private final int parties;
    private volatile int arrived;
    private volatile boolean broken;

    public BarrierSync(int parties) {
        this.parties = parties;
    }

    public int parties() {
        return parties;
    }

    /**
     * @return the arrival index, 0 for the first party of the generation, parties-1 for the last
     */
    public int await(boolean timed, long nanos) throws InterruptedException, BrokenBarrierException, TimeoutException {
        Cancellation.checkpoint();
        lockQueue();
        if (broken) {
            unlockQueue();
            throw new BrokenBarrierException("the barrier is broken (aborted, or a party timed out)");
        }
        if (arrived + 1 == parties) {
            Waiter chain = null;
            Waiter last = null;
            for (int i = 0; i < parties - 1; i++) {
                Waiter n = grantNext(i);
                if (last == null) {
                    chain = n;
                } else {
                    last.nextGranted = n;
                }
                last = n;
            }
            arrived = 0;
            unlockQueue();
            WaitList.unparkAll(chain);
            return parties - 1;
        }
        if (timed && nanos <= 0L) {
            Waiter chain = breakLocked();
            unlockQueue();
            WaitList.unparkAll(chain);
            throw new TimeoutException("barrier wait timed out; the barrier is now broken");
        }
        arrived++;
        Waiter node = link();
        unlockQueue();
        if (node.await(timed ? nanos : -1L, Waiter.Spin.NONE) == Waiter.TIMED_OUT) {
            throw new TimeoutException("barrier wait timed out; the barrier is now broken");
        }
        int r = node.result();
        if (r == BROKEN) {
            throw new BrokenBarrierException(
                    "the barrier was broken while waiting (aborted, reset, or a party timed out)");
        }
        return r;
    }

    @Override
    protected void cancelled(Waiter w, boolean timedOut) {
        arrived--;
        if (timedOut) {
            // Rare path: unpark under the queue lock rather than thread the chain out.
            WaitList.unparkAll(breakLocked());
        }
    }

    /** Lock held: marks the barrier broken and grants every waiter with BROKEN. */
    private Waiter breakLocked() {
        broken = true;
        arrived = 0;
        return grantUpTo(Integer.MAX_VALUE, BROKEN);
    }

    public void abort() {
        lockQueue();
        Waiter chain = breakLocked();
        unlockQueue();
        WaitList.unparkAll(chain);
    }

    public void reset() {
        lockQueue();
        Waiter chain = breakLocked();
        broken = false;
        unlockQueue();
        WaitList.unparkAll(chain);
    }

    public boolean isBroken() {
        return broken;
    }

    public int waiting() {
        return arrived;
    }
}
