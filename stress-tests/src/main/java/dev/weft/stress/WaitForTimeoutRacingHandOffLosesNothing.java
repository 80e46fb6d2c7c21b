// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Queue;
import dev.weft.Weft;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Hazard: a {@code Weft.waitFor} deadline cancels a {@code get()} just as a producer hands it an
 * item, and the item vanishes (neither returned nor left in the queue), or is both returned and
 * left behind, or the deadline's interrupt leaks out to the caller. A 20 µs deadline around
 * {@code q.get()} races one {@code put}.
 *
 * <p>Result: r1 = waitFor returned the item (1), threw TimeoutException (2), something else
 * (3); r2 = the caller's interrupt status right after (1 = set); r3 = items left in the queue.
 */
@JCStressTest
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "The get received the item before the deadline.")
@Outcome(
        id = "2, 0, 1",
        expect = ACCEPTABLE_INTERESTING,
        desc = "The deadline won: TimeoutException, and the item stayed in the queue.")
@Outcome(id = "2, 0, 0", expect = FORBIDDEN, desc = "Timed out and the item is gone: lost.")
@Outcome(id = "1, 0, 1", expect = FORBIDDEN, desc = "Item returned and still queued: duplicated.")
@Outcome(
        id = "., 1, .",
        expect = FORBIDDEN,
        desc = "waitFor returned or timed out with its interrupt still set on the caller: leaked.")
@Outcome(expect = FORBIDDEN, desc = "Anything else (an unexpected exception).")
@State
public class WaitForTimeoutRacingHandOffLosesNothing {

    private static final Duration TIMEOUT = Duration.ofNanos(20_000);

    final Queue<Integer> q = new Queue<>();

    @Actor
    public void getter(III_Result r) {
        try {
            Integer v = Weft.waitFor(TIMEOUT, q::get);
            r.r1 = v == 1 ? 1 : 3;
        } catch (TimeoutException e) {
            r.r1 = 2;
        } catch (Exception e) {
            r.r1 = 3;
        }
        r.r2 = Thread.interrupted() ? 1 : 0;
    }

    @Actor
    public void producer() {
        try {
            q.put(1);
        } catch (InterruptedException e) {
            Thread.interrupted();
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = q.size();
    }
}
