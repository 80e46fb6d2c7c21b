// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.BoundedSemaphore;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Hazard: two racing releases of a {@link BoundedSemaphore} of 1 both pass the bound check, so
 * an over-release goes undetected and the semaphore ends with more permits than it started
 * with. One actor acquires and releases (legal); the other releases once (one too many). Exactly
 * one of the two releases must throw {@link IllegalStateException}, whichever ran second.
 *
 * <p>Result: r1 = the legal actor's release threw (1) or not (0); r2 = the extra release threw;
 * r3 = availablePermits() at the end.
 */
@JCStressTest
@Outcome(
        id = {"0, 1, 1", "1, 0, 1"},
        expect = ACCEPTABLE,
        desc = "The over-release was detected exactly once; 1 permit left, the bound.")
@Outcome(id = "0, 0, 2", expect = FORBIDDEN, desc = "Over-release undetected: 2 permits in a semaphore bounded at 1.")
@Outcome(expect = FORBIDDEN, desc = "Detected twice, or the permit count is off.")
@State
public class BoundedSemaphoreOverReleaseAlwaysDetected {

    final BoundedSemaphore sem = new BoundedSemaphore(1);

    @Actor
    public void acquirerReleaser(III_Result r) {
        try {
            sem.acquire();
        } catch (InterruptedException e) {
            Thread.interrupted();
            r.r1 = 9;
            return;
        }
        r.r1 = releaseThrew();
    }

    @Actor
    public void extraReleaser(III_Result r) {
        r.r2 = releaseThrew();
    }

    private int releaseThrew() {
        try {
            sem.release();
            return 0;
        } catch (IllegalStateException e) {
            return 1;
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = sem.availablePermits();
    }
}
