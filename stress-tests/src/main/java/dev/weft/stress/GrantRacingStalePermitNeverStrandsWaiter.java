// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZI_Result;

/**
 * Hazard: a waiter granted under its owner's lock ({@code Waiter.grantLocked}, as every Queue,
 * Semaphore and Lock hand-off does) is never woken. The JDK's {@code LockSupport.unpark} of a
 * virtual thread whose park permit is already set (a stale unpark) only reads the permit
 * ({@code VirtualThread.getAndSetParkPermit} skips its atomic swap when the value is already
 * the one asked for), and that thread's next park consumes the permit and returns. If the
 * grant's store is not ordered before the granter's read of the permit (a StoreLoad fence), the
 * granter can see the stale permit, and so issue no real unpark, while the waiter, having
 * consumed that permit, still reads WAITING and parks for good. Found as a bounded Queue whose
 * consumer was parked in get() with the queue full.
 *
 * <p>The permit is modelled by a volatile boolean with the JDK's read-first logic; the grant is
 * Weft's real {@code grantLocked}. Result: r1 = the granter found the permit already set (its
 * unpark stopped there); r2 = the status the waiter read after consuming the permit (0 =
 * WAITING, 1 = GRANTED). Broken twin: {@code broken.BrokenGrantWithReleaseStore}.
 */
@JCStressTest
@Outcome(
        id = "true, 0",
        expect = FORBIDDEN,
        desc = "The unpark saw the stale permit and did nothing, and the waiter, after consuming it, saw no "
                + "grant: it parks again with no one to wake it.")
@Outcome(
        id = {"true, 1", "false, 0", "false, 1"},
        expect = ACCEPTABLE,
        desc = "The waiter sees the grant, or the granter's unpark finds the permit consumed and really wakes it.")
@State
public class GrantRacingStalePermitNeverStrandsWaiter {

    private final Waiter waiter = new Waiter(Waiter.INTERRUPTIBLE);

    /** VirtualThread.parkPermit: set, as after an unpark the thread has not parked since. */
    volatile boolean permit = true;

    @Actor
    public void granter(ZI_Result r) {
        waiter.grantLocked(Waiter.GRANTED);
        r.r1 = permit; // VirtualThread.unpark: getAndSetParkPermit(true) returns at once if already set
    }

    @Actor
    public void parkingWaiter(ZI_Result r) {
        if (permit) {
            PERMIT.getAndSet(this, false); // VirtualThread.park: consumes the permit and returns
        }
        r.r2 = waiter.status(); // Waiter.await then re-reads its status
    }

    private static final VarHandle PERMIT;

    static {
        try {
            PERMIT = MethodHandles.lookup()
                    .findVarHandle(GrantRacingStalePermitNeverStrandsWaiter.class, "permit", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
