// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** Twin of SemaphoreNeverExceedsPermits over a check-then-decrement semaphore: must report FORBIDDEN. */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Never more holders than the 1 permit.")
@Outcome(expect = FORBIDDEN, desc = "Two holders at once: more holders than permits.")
@State
public class BrokenSemaphoreNeverExceedsPermits {

    final Broken.Semaphore sem = new Broken.Semaphore(1, Integer.MAX_VALUE);
    final AtomicInteger holders = new AtomicInteger();

    @Actor
    public void actor1(II_Result r) {
        r.r1 = Math.max(hold(), hold());
    }

    @Actor
    public void actor2(II_Result r) {
        r.r2 = Math.max(hold(), hold());
    }

    private int hold() {
        if (!sem.acquire()) {
            return -1; // stranded by the broken counts: forbidden as well
        }
        try {
            int seen = holders.incrementAndGet();
            Thread.onSpinWait();
            return Math.max(seen, holders.get());
        } finally {
            holders.decrementAndGet();
            sem.release();
        }
    }
}
