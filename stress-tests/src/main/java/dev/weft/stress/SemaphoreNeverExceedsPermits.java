// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard: a {@link Semaphore} admits more holders than it has permits. With 1 permit, two
 * actors each acquire, count themselves in, read how many holders there are, count themselves
 * out and release, twice (so every blocked acquire is eventually granted). (jcstress runs at
 * most as many actors as CPUs, two here, so the permits are fewer than the contenders by
 * making them 1.)
 *
 * <p>Result: r1, r2 = the most holders each actor saw while it held a permit.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Never more holders than the 1 permit.")
@Outcome(expect = FORBIDDEN, desc = "Two holders at once: more holders than permits.")
@State
public class SemaphoreNeverExceedsPermits {

    final Semaphore sem = new Semaphore(1);
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
        try {
            sem.acquire();
        } catch (InterruptedException e) {
            Thread.interrupted();
            return -1;
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
