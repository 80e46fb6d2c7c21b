// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/** Twin of BoundedSemaphoreOverReleaseAlwaysDetected over a check-then-increment release: must report FORBIDDEN. */
@JCStressTest
@Outcome(
        id = {"0, 1, 1", "1, 0, 1"},
        expect = ACCEPTABLE,
        desc = "The over-release was detected exactly once.")
@Outcome(expect = FORBIDDEN, desc = "Over-release undetected, detected twice, or the permit count is off.")
@State
public class BrokenBoundedSemaphoreOverRelease {

    final Broken.Semaphore sem = new Broken.Semaphore(1, 1);

    @Actor
    public void acquirerReleaser(III_Result r) {
        r.r1 = sem.acquire() ? releaseThrew() : 9;
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
