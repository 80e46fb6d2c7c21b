// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.Z_Result;

/**
 * Twin of EventSetRacingAwaitNeverStrandsWaiter over an Event with a check-then-register
 * await: must report FORBIDDEN. Its stranded waiter gives up after 20 ms (the real test: 5 s).
 */
@JCStressTest
@Outcome(id = "true", expect = ACCEPTABLE, desc = "The waiter was released by the racing set().")
@Outcome(id = "false", expect = FORBIDDEN, desc = "The waiter stayed blocked although set() ran: lost wake-up.")
@State
public class BrokenEventSetRacingAwait {

    final Broken.Event event = new Broken.Event();

    @Actor
    public void setter() {
        event.set();
    }

    @Actor
    public void waiter(Z_Result r) {
        r.r1 = event.await(20_000_000L);
    }
}
