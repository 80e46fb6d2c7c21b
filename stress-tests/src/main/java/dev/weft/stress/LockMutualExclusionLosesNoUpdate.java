// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Lock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Hazard: two tasks inside the same {@link Lock} at once, so that a read-modify-write of a
 * plain field loses an update. Each actor increments a plain counter twice under the lock.
 * {@link UnguardedCounterLosesUpdates} is the same counter without the lock, showing the lost
 * update is real on this machine when nothing prevents it.
 *
 * <p>Result: r1 = the counter after both actors.
 */
@JCStressTest
@Outcome(id = "4", expect = ACCEPTABLE, desc = "Every increment kept: the lock excluded the other actor.")
@Outcome(expect = FORBIDDEN, desc = "An increment was lost: both actors were inside the lock together.")
@State
public class LockMutualExclusionLosesNoUpdate {

    final Lock lock = new Lock();
    int counter; // plain: only touched under the lock

    @Actor
    public void actor1() {
        incrementTwice();
    }

    @Actor
    public void actor2() {
        incrementTwice();
    }

    private void incrementTwice() {
        try {
            for (int i = 0; i < 2; i++) {
                lock.acquire();
                try {
                    counter++;
                } finally {
                    lock.release();
                }
            }
        } catch (InterruptedException e) {
            Thread.interrupted();
        }
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = counter;
    }
}
