// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Condition;
import dev.weft.Lock;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Hazard: the lost wake-up. The signaller makes the predicate true and signals, under the lock,
 * while the waiter is about to wait (has checked the predicate and is releasing the lock to
 * park). If the condition released the lock before the waiter was queued, the signal finds
 * nobody and the waiter sleeps for ever. The waiter uses the classic loop around
 * {@code await(5 s)}, so a stranded waiter shows up as a FORBIDDEN outcome instead of hanging
 * the test: a waiter that saw the predicate only after 1 s was stranded (the loop re-checks the
 * predicate when an await times out, which would otherwise hide the lost wake-up).
 *
 * <p>Result: r1 = 1 saw the predicate within 1 s; 2 only after 1 s; 0 never.
 */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE, desc = "The waiter woke up (or never had to wait) and saw the predicate true.")
@Outcome(expect = FORBIDDEN, desc = "The waiter slept through the signal: lost wake-up.")
@State
public class ConditionSignalRacingWaitLosesNoWakeUp {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long STRANDED_NANOS = 1_000_000_000L;

    final Lock lock = new Lock();
    final Condition cond = new Condition(lock);
    boolean ready; // plain: guarded by lock

    @Actor
    public void signaller() {
        try {
            lock.acquire();
            try {
                ready = true;
                cond.signal();
            } finally {
                lock.release();
            }
        } catch (InterruptedException e) {
            Thread.interrupted();
        }
    }

    @Actor
    public void waiter(I_Result r) {
        long start = System.nanoTime();
        try {
            lock.acquire();
            try {
                while (!ready) {
                    if (!cond.await(TIMEOUT)) {
                        break;
                    }
                }
                r.r1 = !ready ? 0 : System.nanoTime() - start < STRANDED_NANOS ? 1 : 2;
            } finally {
                lock.release();
            }
        } catch (InterruptedException e) {
            Thread.interrupted();
        }
    }
}
