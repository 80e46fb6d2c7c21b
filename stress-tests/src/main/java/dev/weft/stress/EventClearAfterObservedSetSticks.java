// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Event;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Hazard: a {@code clear()} made after {@code await()} returned (so after the {@code set()} it
 * observed) is undone by that same {@code set()}, leaving the event set. Then the next
 * {@code await()} returns at once without a new set: one side of a ping-pong runs a round
 * ahead and the other hangs (seen in EventPingPongBenchmark when set() wrote its generation
 * and its flag in two steps). One actor sets; the other awaits, then clears.
 *
 * <p>Result: r1 = isSet() once both actors are done.
 */
@JCStressTest
@Outcome(id = "0", expect = ACCEPTABLE, desc = "The clear came after the set it observed: the event is clear.")
@Outcome(id = "1", expect = FORBIDDEN, desc = "The set undid a clear made after await() returned.")
@State
public class EventClearAfterObservedSetSticks {

    final Event event = new Event();

    @Actor
    public void setter() {
        event.set();
    }

    @Actor
    public void waiterThenClearer() {
        try {
            event.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        event.clear();
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = event.isSet() ? 1 : 0;
    }
}
