// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Queue;
import dev.weft.Task;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard: a getter is cancelled just as a producer hands it an item, and the item is lost
 * (taken from the queue but never returned by {@code get()}) or duplicated (returned and still
 * queued). The getter is a Weft task parked in {@code get()} (forked when the state is built);
 * one actor puts an item while the other cancels the task. Weft's rule: the hand-off wins and
 * the interrupt is re-asserted, or the get throws and took nothing.
 *
 * <p>Result: r1 = what the getter's get() did: 1 returned the item, 2 threw
 * InterruptedException, 0 never ran (cancelled before it started); r2 = items left in the queue.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The getter received the item (the hand-off won).")
@Outcome(
        id = "2, 1",
        expect = ACCEPTABLE_INTERESTING,
        desc = "The cancellation won: get() threw and the item stayed in the queue.")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Cancelled before its get() ran; the item stayed in the queue.")
@Outcome(
        id = {"2, 0", "0, 0"},
        expect = FORBIDDEN,
        desc = "The item was lost: not received and not queued.")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "The item was received and is still queued: duplicated.")
@Outcome(expect = FORBIDDEN, desc = "Anything else.")
@State
public class QueueCancelledGetRacingPutLosesNothing {

    final Queue<Integer> q = new Queue<>();
    final AtomicInteger got = new AtomicInteger();
    final Task<Void> getter = SharedGroup.fork(() -> {
        try {
            got.set(q.get() == 1 ? 1 : 3);
        } catch (InterruptedException e) {
            got.set(2);
        }
        return null;
    });

    @Actor
    public void producer() {
        try {
            q.put(1);
        } catch (InterruptedException e) {
            Thread.interrupted();
        }
    }

    @Actor
    public void canceller() {
        getter.cancel();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        try {
            getter.join();
        } catch (Exception e) {
            // cancelled: expected half of the time; the outcome is in `got`
        }
        Thread.interrupted();
        r.r1 = got.get();
        r.r2 = q.size();
    }
}
