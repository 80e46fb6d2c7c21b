// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.RLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Hazard: under contention, a reentrant acquire or a partial release of an {@link RLock}
 * corrupts the hold count or lets the other actor in while the lock is still held once. Each
 * actor acquires twice, increments a plain counter, releases once, checks it still holds the
 * lock, increments again, and releases.
 *
 * <p>Result: r1, r2 = each actor's hold counts as 10 * (after two acquires) + (after one
 * release), plus 100 if it no longer held the lock after the first release; r3 = the counter.
 */
@JCStressTest
@Outcome(
        id = "21, 21, 4",
        expect = ACCEPTABLE,
        desc = "Hold counts 2 then 1, still held after the partial release, no increment lost.")
@Outcome(
        expect = FORBIDDEN,
        desc = "A hold count was wrong, the lock was lost by a partial release, or an increment was lost.")
@State
public class RLockReentrancyUnderContentionKeepsCounts {

    final RLock lock = new RLock();
    int counter; // plain: only touched under the lock

    @Actor
    public void actor1(III_Result r) {
        r.r1 = reenter();
    }

    @Actor
    public void actor2(III_Result r) {
        r.r2 = reenter();
    }

    private int reenter() {
        try {
            lock.acquire();
            lock.acquire();
            int twice = lock.holdCount();
            counter++;
            lock.release();
            int once = lock.holdCount();
            boolean held = lock.isHeldByCurrentTask();
            counter++;
            lock.release();
            return 10 * twice + once + (held ? 0 : 100);
        } catch (InterruptedException e) {
            Thread.interrupted();
            return -1;
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = counter;
    }
}
