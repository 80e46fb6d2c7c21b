// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Lock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * Hazard: two racing {@code tryAcquire()} calls on a free {@link Lock} both succeed (two
 * holders), or both fail although the lock was free and nobody waited (a spurious failure;
 * tryAcquire "acquires the lock if it is free and no task waits for it"). Neither actor
 * releases, so a success by one excludes the other for the whole test.
 *
 * <p>Result: r1, r2 = whether each actor's tryAcquire() succeeded.
 */
@JCStressTest
@Outcome(
        id = {"true, false", "false, true"},
        expect = ACCEPTABLE,
        desc = "Exactly one actor got the lock.")
@Outcome(id = "true, true", expect = FORBIDDEN, desc = "Both actors hold the lock: no mutual exclusion.")
@Outcome(id = "false, false", expect = FORBIDDEN, desc = "Neither got the free lock: a spurious failure.")
@State
public class LockTryAcquireIsExclusive {

    final Lock lock = new Lock();

    @Actor
    public void actor1(ZZ_Result r) {
        r.r1 = lock.tryAcquire();
    }

    @Actor
    public void actor2(ZZ_Result r) {
        r.r2 = lock.tryAcquire();
    }
}
