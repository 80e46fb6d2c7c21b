// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/** Twin of LockMutualExclusionLosesNoUpdate over a check-then-act lock: must report FORBIDDEN. */
@JCStressTest
@Outcome(id = "4", expect = ACCEPTABLE, desc = "Every increment kept.")
@Outcome(expect = FORBIDDEN, desc = "An increment was lost: both actors were inside the lock together.")
@State
public class BrokenLockMutualExclusion {

    final Broken.Lock lock = new Broken.Lock();
    int counter;

    @Actor
    public void actor1() {
        incrementTwice();
    }

    @Actor
    public void actor2() {
        incrementTwice();
    }

    private void incrementTwice() {
        for (int i = 0; i < 2; i++) {
            lock.acquire();
            try {
                counter++;
            } finally {
                lock.release();
            }
        }
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = counter;
    }
}
