// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/** Twin of LockTryAcquireIsExclusive over a check-then-act lock: must report FORBIDDEN. */
@JCStressTest
@Outcome(
        id = {"true, false", "false, true"},
        expect = ACCEPTABLE,
        desc = "Exactly one actor got the lock.")
@Outcome(expect = FORBIDDEN, desc = "Both or neither got the lock.")
@State
public class BrokenLockTryAcquireExclusive {

    final Broken.Lock lock = new Broken.Lock();

    @Actor
    public void actor1(ZZ_Result r) {
        r.r1 = lock.tryAcquire();
    }

    @Actor
    public void actor2(ZZ_Result r) {
        r.r2 = lock.tryAcquire();
    }
}
