// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Event;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard: {@code await()} returns but the waiter does not see what the setter wrote before
 * {@code set()} (no happens-before). The setter writes two plain fields and sets the event; the
 * waiter awaits (always released: set() always runs) and reads them.
 *
 * <p>Result: r1, r2 = the two fields as the waiter saw them after await() returned.
 */
@JCStressTest
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The waiter saw both writes made before set().")
@Outcome(expect = FORBIDDEN, desc = "await() returned without the writes made before set(): no happens-before.")
@State
public class EventSetHappensBeforeAwaitReturn {

    final Event event = new Event();
    int a; // plain
    int b; // plain

    @Actor
    public void setter() {
        a = 1;
        b = 2;
        event.set();
    }

    @Actor
    public void waiter(II_Result r) {
        try {
            event.await();
            r.r1 = a;
            r.r2 = b;
        } catch (InterruptedException e) {
            Thread.interrupted();
            r.r1 = -1;
        }
    }
}
