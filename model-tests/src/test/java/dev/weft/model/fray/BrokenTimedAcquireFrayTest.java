// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.fray;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pastalab.fray.core.command.SystemTimeDelegateType;
import org.pastalab.fray.junit.junit5.FrayTestExtension;
import org.pastalab.fray.junit.junit5.annotations.FrayTest;

/**
 * The Fray tier shown able to fail: the timed-acquire race of
 * {@code TimedRacingHandOffFrayTest.semaphore_tryAcquireTimingOutAsReleased_permitConserved}
 * run on a semaphore whose timed-out waiter withdraws without a CAS against the grant (kotlinx
 * #1323's and asyncio gh-90155's shape: a release hands the permit to a waiter that has just
 * given up, and the permit is lost). Fray, exploring schedules under its controlled clock, must
 * find a schedule that loses the permit; the class passes when it did.
 */
@ExtendWith(FrayTestExtension.class)
public class BrokenTimedAcquireFrayTest {

    static {
        FrayWarmUp.classes(); // before Fray schedules anything: see FrayWarmUp
    }

    /** Bug: the timeout path clears the waiter slot with a plain write, not a CAS. */
    static final class TimeoutLosingSemaphore {
        private final AtomicInteger permits = new AtomicInteger();
        private final AtomicReference<Thread> waiter = new AtomicReference<>();
        private final AtomicBoolean granted = new AtomicBoolean();

        boolean tryAcquire(long nanos) {
            if (permits.getAndUpdate(p -> p > 0 ? p - 1 : p) > 0) {
                return true;
            }
            waiter.set(Thread.currentThread());
            long deadline = System.nanoTime() + nanos;
            while (!granted.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    waiter.set(null); // BUG: a release may have taken the waiter a moment ago
                    return false;
                }
                LockSupport.parkNanos(this, left);
            }
            return true;
        }

        void release() {
            Thread w = waiter.getAndSet(null);
            if (w != null) {
                granted.set(true);
                LockSupport.unpark(w);
            } else {
                permits.incrementAndGet();
            }
        }

        int available() {
            return permits.get();
        }
    }

    private static final String LOST = "weft.model.fray.brokenTwin.permitsLost";

    /**
     * The race, on the broken semaphore. A schedule that loses the permit is recorded (in a
     * system property: Fray gives every iteration fresh classes, so a static would not survive)
     * instead of failing the iteration; {@link #fray_foundTheLostPermit()} then requires that
     * at least one of the explored schedules did.
     */
    @FrayTest(
            iterations = TimedRacingHandOffFrayTest.ITERATIONS,
            systemTimeDelegateType = SystemTimeDelegateType.MOCK,
            ignoreTimedBlock = false,
            abortThreadExecutionAfterMainExit = true)
    public void timeoutLosingSemaphore_tryAcquireTimingOutAsReleased() throws Exception {
        TimeoutLosingSemaphore s = new TimeoutLosingSemaphore();
        boolean[] got = new boolean[1];
        Thread a = new Thread(() -> got[0] = s.tryAcquire(TimedRacingHandOffFrayTest.SHORT.toNanos()));
        Thread r = new Thread(s::release);
        a.start();
        r.start();
        a.join();
        r.join();
        if ((got[0] ? 1 : 0) + s.available() != 1) {
            System.setProperty(LOST, String.valueOf(Integer.getInteger(LOST, 0) + 1));
        }
    }

    @AfterAll
    static void fray_foundTheLostPermit() {
        int lost = Integer.getInteger(LOST, 0);
        System.out.printf(
                "[model] BrokenTimedAcquireFrayTest: Fray lost the permit in %d of %d schedules%n",
                lost, TimedRacingHandOffFrayTest.ITERATIONS);
        assertThat(lost)
                .as("schedules in which Fray caught the broken twin losing the permit")
                .isPositive();
    }
}
