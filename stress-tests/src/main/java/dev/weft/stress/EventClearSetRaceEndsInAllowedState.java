// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Event;
import dev.weft.Task;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Hazard: {@code clear()} racing {@code set()} leaves the event in a state no order of the two
 * explains: {@code isSet()} and a zero-timeout {@code await} disagree, or the event ends set
 * while a task that was waiting on it is still blocked. A waiter task is parked in
 * {@code await()} (forked when the state is built); one actor clears, the other sets.
 * Orders: clear-then-set ends set and must release the waiter; set-then-clear ends clear, and
 * the set released the waiter if it was already waiting.
 *
 * <p>Result: r1 = isSet() at the end; r2 = await(0) at the end; r3 = the waiter was released
 * (1) or still blocked (0; checked for up to 5 s when the event is set, at once otherwise).
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Clear then set: the event is set and the waiter released.")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "Set then clear: the event is clear; the set released the waiter.")
@Outcome(
        id = "0, 0, 0",
        expect = ACCEPTABLE_INTERESTING,
        desc = "Set then clear before the waiter started waiting: it waits for the next set().")
@Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "The event is set but the waiter is still blocked: stranded.")
@Outcome(expect = FORBIDDEN, desc = "isSet() and await(0) disagree: a state no order allows.")
@State
public class EventClearSetRaceEndsInAllowedState {

    final Event event = new Event();
    final AtomicInteger released = new AtomicInteger();
    final Task<Void> waiter = SharedGroup.fork(() -> {
        event.await();
        released.set(1);
        return null;
    });

    @Actor
    public void clearer() {
        event.clear();
    }

    @Actor
    public void setter() {
        event.set();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        boolean set = event.isSet();
        r.r1 = set ? 1 : 0;
        try {
            r.r2 = event.await(Duration.ZERO) ? 1 : 0;
            if (set) {
                waiter.join(Duration.ofSeconds(5));
            }
        } catch (TimeoutException | InterruptedException e) {
            // still blocked: reported through `released`
        } catch (RuntimeException e) {
            r.r2 = 9;
        }
        waiter.cancel(); // a waiter that began after set-then-clear would wait for ever
        try {
            waiter.join();
        } catch (Exception e) {
            // cancelled
        }
        Thread.interrupted();
        r.r3 = released.get();
    }
}
