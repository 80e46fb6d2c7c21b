// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Semaphore;
import dev.weft.Task;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard (kotlinx #1323/#1477, asyncio gh-90155): an {@code acquire()} cancelled just as a
 * {@code release()} hands it the permit leaks the permit (nobody holds it and it is not free)
 * or duplicates it (the acquirer holds it and it is also free). The acquirer is a Weft task
 * parked in {@code acquire()} on a semaphore of 0 permits; one actor releases once, the other
 * cancels the task.
 *
 * <p>Result: r1 = what the acquire did: 1 acquired, 2 threw InterruptedException, 0 never ran
 * (cancelled before it started); r2 = availablePermits() at the end.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The release reached the waiter first: it holds the permit.")
@Outcome(
        id = "2, 1",
        expect = ACCEPTABLE_INTERESTING,
        desc = "The cancellation won: acquire threw and the permit is free.")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Cancelled before it waited; the permit is free.")
@Outcome(
        id = {"2, 0", "0, 0"},
        expect = FORBIDDEN,
        desc = "The permit leaked: nobody holds it and it is not free.")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "The permit was duplicated: held and free at once.")
@Outcome(expect = FORBIDDEN, desc = "Anything else.")
@State
public class SemaphoreCancelledAcquireRacingReleaseConservesPermits {

    final Semaphore sem = new Semaphore(0);
    final AtomicInteger outcome = new AtomicInteger();
    final Task<Void> acquirer = SharedGroup.fork(() -> {
        try {
            sem.acquire();
            outcome.set(1); // keeps the permit: it is counted as held
        } catch (InterruptedException e) {
            outcome.set(2);
        }
        return null;
    });

    @Actor
    public void releaser() {
        sem.release();
    }

    @Actor
    public void canceller() {
        acquirer.cancel();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        try {
            acquirer.join();
        } catch (Exception e) {
            // cancelled: the outcome is in `outcome`
        }
        Thread.interrupted();
        r.r1 = outcome.get();
        r.r2 = sem.availablePermits();
    }
}
