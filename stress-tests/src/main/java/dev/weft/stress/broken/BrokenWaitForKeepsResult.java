// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.TimeoutException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Twin of WaitForDeadlineRacingReturnKeepsResult over a naive timer-interrupts-caller waitFor:
 * must report FORBIDDEN (a returned value thrown away as a timeout, or a leaked interrupt).
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The body's value was returned and no interrupt leaked.")
@Outcome(expect = FORBIDDEN, desc = "The value was lost to a timeout, or the interrupt leaked.")
@State
public class BrokenWaitForKeepsResult {

    volatile boolean release;

    @Actor
    public void caller(II_Result r) {
        try {
            Integer v = Broken.waitFor(20_000L, () -> {
                while (!release) {
                    Thread.onSpinWait();
                }
                return 42;
            });
            r.r1 = v == 42 ? 1 : 3;
        } catch (TimeoutException e) {
            r.r1 = 2;
        }
        r.r2 = Thread.interrupted() ? 1 : 0;
    }

    @Actor
    public void releaser() {
        release = true;
    }
}
