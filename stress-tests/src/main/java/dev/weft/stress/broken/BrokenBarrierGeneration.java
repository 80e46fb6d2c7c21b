// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Twin of BarrierReleasesWholeGenerationTogether over a Barrier with a racy arrival count: must
 * report FORBIDDEN (duplicate indexes, or a generation that never trips: -1 after 20 ms).
 *
 * <p>Result: r1, r2 = each party's arrival index in the one generation.
 */
@JCStressTest
@Outcome(
        id = {"0, 1", "1, 0"},
        expect = ACCEPTABLE,
        desc = "Both released together with indexes 0 and 1.")
@Outcome(expect = FORBIDDEN, desc = "Same index twice, or the generation never tripped.")
@State
public class BrokenBarrierGeneration {

    final Broken.Barrier barrier = new Broken.Barrier(2);

    @Actor
    public void partyA(II_Result r) {
        r.r1 = barrier.await(20_000_000L);
    }

    @Actor
    public void partyB(II_Result r) {
        r.r2 = barrier.await(20_000_000L);
    }
}
