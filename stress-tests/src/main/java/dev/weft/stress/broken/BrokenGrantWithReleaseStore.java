// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZI_Result;

/**
 * Twin of GrantRacingStalePermitNeverStrandsWaiter with the grant Weft shipped before the fix:
 * a release store of the status (no StoreLoad fence before the granter reads the permit). Must
 * report FORBIDDEN.
 */
@JCStressTest
@Outcome(id = "true, 0", expect = FORBIDDEN, desc = "Lost wake-up: stale permit seen, grant not seen.")
@Outcome(expect = ACCEPTABLE, desc = "The waiter sees the grant, or is really unparked.")
@State
public class BrokenGrantWithReleaseStore {

    volatile int status; // Waiter.status: 0 WAITING, 1 GRANTED
    volatile boolean permit = true;

    @Actor
    public void granter(ZI_Result r) {
        STATUS.setRelease(this, 1); // the bug: a release store, as grantLocked was
        r.r1 = permit;
    }

    @Actor
    public void parkingWaiter(ZI_Result r) {
        if (permit) {
            PERMIT.getAndSet(this, false);
        }
        r.r2 = status;
    }

    private static final VarHandle STATUS;
    private static final VarHandle PERMIT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATUS = l.findVarHandle(BrokenGrantWithReleaseStore.class, "status", int.class);
            PERMIT = l.findVarHandle(BrokenGrantWithReleaseStore.class, "permit", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
