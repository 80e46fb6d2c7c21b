// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Twin of EventClearAfterObservedSetSticks over an Event whose set() bumps the generation and
 * writes the flag in two steps (Weft's Event before the fix): must report FORBIDDEN.
 */
@JCStressTest
@Outcome(id = "0", expect = ACCEPTABLE, desc = "The clear came after the set it observed: the event is clear.")
@Outcome(id = "1", expect = FORBIDDEN, desc = "The set undid a clear made after await() returned.")
@State
public class BrokenEventClearAfterObservedSet {

    final Broken.PulseEvent event = new Broken.PulseEvent();

    @Actor
    public void setter() {
        event.set();
    }

    @Actor
    public void waiterThenClearer() {
        event.awaitSpinning();
        event.clear();
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = event.isSet() ? 1 : 0;
    }
}
