// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Weft;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard: {@code Weft.waitFor}'s deadline fires just as the body returns its value, and the
 * value is lost (TimeoutException although the body produced a result), or the deadline's
 * interrupt leaks out to the caller after waitFor returned. The body does not block: it spins
 * until the releaser lets it return, ignoring interrupts, so the 20 µs deadline can pass
 * before, while or after it returns. Contract: "a value the body returns wins over a deadline
 * that passed as it finished", and after a normal return the caller's interrupt status is what
 * it was before (clear).
 *
 * <p>Result: r1 = waitFor returned 42 (1), threw TimeoutException (2), something else (3);
 * r2 = the caller's interrupt status right after waitFor (1 = set).
 */
@JCStressTest
@Outcome(
        id = "1, 0",
        expect = ACCEPTABLE,
        desc = "The body's value was returned and no interrupt leaked, whenever the deadline passed.")
@Outcome(
        id = "2, .*",
        expect = FORBIDDEN,
        desc = "TimeoutException although the body returned a value: the produced result was lost.")
@Outcome(
        id = "1, 1",
        expect = FORBIDDEN,
        desc = "The value was returned but the deadline's interrupt leaked to the caller.")
@Outcome(expect = FORBIDDEN, desc = "Anything else (an unexpected exception).")
@State
public class WaitForDeadlineRacingReturnKeepsResult {

    private static final Duration TIMEOUT = Duration.ofNanos(20_000);

    volatile boolean release;

    @Actor
    public void caller(II_Result r) {
        try {
            Integer v = Weft.waitFor(TIMEOUT, () -> {
                while (!release) {
                    Thread.onSpinWait();
                }
                return 42;
            });
            r.r1 = v == 42 ? 1 : 3;
        } catch (TimeoutException e) {
            r.r1 = 2;
        } catch (Exception e) {
            r.r1 = 3;
        }
        r.r2 = Thread.interrupted() ? 1 : 0;
    }

    @Actor
    public void releaser() {
        release = true;
    }
}
