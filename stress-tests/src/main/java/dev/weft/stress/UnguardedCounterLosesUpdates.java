// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The control for {@link LockMutualExclusionLosesNoUpdate}: the same two actors incrementing a
 * plain counter twice each, without a lock. A lost update here is the classic race, expected
 * and interesting: it shows the hazard the lock test proves absent is real.
 *
 * <p>Result: r1 = the counter after both actors.
 */
@JCStressTest
@Outcome(id = "4", expect = ACCEPTABLE, desc = "No update lost this time (the actors did not overlap).")
@Outcome(
        id = {"2", "3"},
        expect = ACCEPTABLE_INTERESTING,
        desc = "Lost update: both actors read the same value and wrote the same increment.")
@Outcome(expect = FORBIDDEN, desc = "Impossible even without a lock.")
@State
public class UnguardedCounterLosesUpdates {

    int counter;

    @Actor
    public void actor1() {
        counter++;
        counter++;
    }

    @Actor
    public void actor2() {
        counter++;
        counter++;
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = counter;
    }
}
