// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Twin of ConditionSignalRacingWaitLosesNoWakeUp over a Condition that releases the lock before
 * registering its waiter: must report FORBIDDEN. Its stranded waiter gives up after 20 ms.
 *
 * <p>Result: r1 = 1 woke promptly and saw the predicate, 2 saw it only after the timeout rescued
 * it (stranded), 0 never saw it.
 */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE, desc = "The waiter woke up (or never had to wait) and saw the predicate.")
@Outcome(expect = FORBIDDEN, desc = "The waiter slept through the signal: lost wake-up.")
@State
public class BrokenConditionLostWakeUp {

    final Broken.Condition cond = new Broken.Condition();
    boolean ready; // guarded by cond.lock

    @Actor
    public void signaller() {
        cond.lock.lock();
        try {
            ready = true;
            cond.signal();
        } finally {
            cond.lock.unlock();
        }
    }

    @Actor
    public void waiter(I_Result r) {
        cond.lock.lock();
        try {
            boolean stranded = false;
            while (!ready) {
                if (!cond.await(20_000_000L)) {
                    stranded = true;
                    break;
                }
            }
            r.r1 = !ready ? 0 : stranded ? 2 : 1;
        } finally {
            cond.lock.unlock();
        }
    }
}
