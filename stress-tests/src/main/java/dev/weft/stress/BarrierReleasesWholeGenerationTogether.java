// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Barrier;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Hazard: a {@link Barrier} releases a party before the whole generation has arrived (it then
 * misses the other's write made before await), mixes two generations, or hands out the same
 * arrival index twice. Two parties pass a Barrier(2) twice; before each await each writes a
 * plain field for that generation, and after it reads the other party's field.
 *
 * <p>Result: r1, r2 = each party's arrival indexes, 10 * (first generation) + (second);
 * r3, r4 = bit set of the generations in which each party saw the other's write (3 = both).
 */
@JCStressTest
@Outcome(
        id = {"0, 11, 3, 3", "1, 10, 3, 3", "10, 1, 3, 3", "11, 0, 3, 3"},
        expect = ACCEPTABLE,
        desc = "Each generation released both parties together, with distinct indexes 0 and 1.")
@Outcome(
        expect = FORBIDDEN,
        desc = "A party left before the other arrived, or both got the same index in a generation.")
@State
public class BarrierReleasesWholeGenerationTogether {

    final Barrier barrier = new Barrier(2);
    int a1, a2; // plain: party A's writes for generations 1 and 2
    int b1, b2; // plain: party B's writes

    @Actor
    public void partyA(IIII_Result r) {
        try {
            a1 = 1;
            int i1 = barrier.await();
            int seen = b1;
            a2 = 1;
            int i2 = barrier.await();
            seen |= b2 << 1;
            r.r1 = 10 * i1 + i2;
            r.r3 = seen;
        } catch (Exception e) {
            Thread.interrupted();
            r.r1 = -1;
        }
    }

    @Actor
    public void partyB(IIII_Result r) {
        try {
            b1 = 1;
            int i1 = barrier.await();
            int seen = a1;
            b2 = 1;
            int i2 = barrier.await();
            seen |= a2 << 1;
            r.r2 = 10 * i1 + i2;
            r.r4 = seen;
        } catch (Exception e) {
            Thread.interrupted();
            r.r2 = -1;
        }
    }
}
