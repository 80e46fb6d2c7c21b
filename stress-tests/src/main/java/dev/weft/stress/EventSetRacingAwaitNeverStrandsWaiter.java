// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Event;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Hazard: {@code set()} racing {@code await()} is a lost wake-up: the waiter checks the flag,
 * the setter sets it and wakes nobody, the waiter parks for ever. The waiter uses the timed
 * {@code await(5 s)} so that a stranded waiter shows up as a FORBIDDEN outcome instead of a
 * hung test; with a correct Event it returns as soon as set() has run. A waiter that returns
 * true only after 1 s counts as stranded too (an await that re-checks the flag at its timeout
 * would otherwise hide a lost wake-up).
 *
 * <p>Result: r1 = 1 await returned true within 1 s; 2 true, but only after 1 s; 0 false.
 */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE, desc = "The waiter was released by the racing set().")
@Outcome(
        id = {"0", "2"},
        expect = FORBIDDEN,
        desc = "The waiter stayed blocked although set() ran: lost wake-up.")
@Outcome(expect = FORBIDDEN, desc = "Anything else (interrupted).")
@State
public class EventSetRacingAwaitNeverStrandsWaiter {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long STRANDED_NANOS = 1_000_000_000L;

    final Event event = new Event();

    @Actor
    public void setter() {
        event.set();
    }

    @Actor
    public void waiter(I_Result r) {
        long start = System.nanoTime();
        try {
            boolean woke = event.await(TIMEOUT);
            r.r1 = !woke ? 0 : System.nanoTime() - start < STRANDED_NANOS ? 1 : 2;
        } catch (InterruptedException e) {
            Thread.interrupted();
            r.r1 = 9;
        }
    }
}
