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
 * Twin of LockHolderEndingRacingWaiterNeverStrandsIt over a lock whose waiter does not look
 * again at the holder after recording itself: must report FORBIDDEN. Its stranded waiter gives
 * up after 20 ms (the real test: 10 s).
 */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE, desc = "The waiter was told the lock is broken.")
@Outcome(id = "3", expect = FORBIDDEN, desc = "The waiter was stranded: it waited out its timeout.")
@State
public class BrokenLockHolderEndWithoutRecheck {

    final Broken.HeldLock lock = new Broken.HeldLock();

    @Actor
    public void ender() {
        lock.holderEnds();
    }

    @Actor
    public void waiter(I_Result r) {
        r.r1 = lock.waiterWaits(20_000_000L) ? 1 : 3;
    }
}
