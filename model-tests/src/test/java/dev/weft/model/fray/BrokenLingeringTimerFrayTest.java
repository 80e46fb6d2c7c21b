// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.fray;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pastalab.fray.core.command.SystemTimeDelegateType;
import org.pastalab.fray.junit.junit5.FrayTestExtension;
import org.pastalab.fray.junit.junit5.annotations.FrayTest;

/**
 * The twin of {@code WaitForDeadlineFrayTest.waitFor_deadlinesRegisteredAsTheTimerEnds_allFire}:
 * the same callers (one registering two deadlines in a row, another one) on a timer thread
 * that ends when idle, as Weft's does, but whose exit is check-then-act: it looks at its inbox,
 * finds it empty, and only then says it has stopped, with no second look. A registration
 * pushed in between sees the timer still running, starts none, and is never fired. Fray must
 * find such a schedule; the class passes when it did.
 *
 * <p>A caller here waits for its deadline with a fallback (a timed park far beyond the
 * deadline), so that a lost deadline is counted instead of hanging the iteration.
 */
@ExtendWith(FrayTestExtension.class)
public class BrokenLingeringTimerFrayTest {

    static {
        FrayWarmUp.classes(); // before Fray schedules anything: see FrayWarmUp
    }

    /** A deadline: fired (and its owner unparked) by the timer once {@code at} has passed. */
    static final class Deadline {
        final long at;
        final Thread owner = Thread.currentThread();
        final AtomicBoolean fired = new AtomicBoolean();
        Deadline next;

        Deadline(long at) {
            this.at = at;
        }
    }

    /** Bug: the timer stops after seeing an empty inbox without re-checking it afterwards. */
    static final class CheckThenStopTimer {
        private final AtomicReference<Deadline> inbox = new AtomicReference<>();
        private final AtomicBoolean running = new AtomicBoolean();

        void register(Deadline d) {
            for (Deadline h = inbox.get(); ; h = inbox.get()) {
                d.next = h;
                if (inbox.compareAndSet(h, d)) {
                    break;
                }
            }
            if (!running.get() && running.compareAndSet(false, true)) {
                new Thread(this::loop).start();
            }
        }

        private void loop() {
            List<Deadline> held = new ArrayList<>();
            for (; ; ) {
                for (Deadline d = inbox.getAndSet(null); d != null; d = d.next) {
                    held.add(d);
                }
                long now = System.nanoTime();
                long earliest = Long.MAX_VALUE;
                for (int i = held.size() - 1; i >= 0; i--) {
                    Deadline d = held.get(i);
                    if (d.at - now <= 0) {
                        held.remove(i);
                        d.fired.set(true);
                        LockSupport.unpark(d.owner);
                    } else {
                        earliest = Math.min(earliest, d.at);
                    }
                }
                if (held.isEmpty()) {
                    if (inbox.get() == null) {
                        running.set(false); // BUG: a push since the check above is stranded
                        return;
                    }
                    continue;
                }
                LockSupport.parkNanos(this, earliest - now);
            }
        }
    }

    private static final String LOST = "weft.model.fray.brokenTwin.deadlinesLost";

    /** Registers a deadline SHORT from now and waits for it; false if only the fallback ended the wait. */
    private static boolean awaitDeadline(CheckThenStopTimer timer) {
        long now = System.nanoTime();
        Deadline d = new Deadline(now + TimedRacingHandOffFrayTest.SHORT.toNanos());
        timer.register(d);
        long giveUp = now + 1_000_000_000L; // 1 s of Fray's clock: thousands of its steps
        while (!d.fired.get()) {
            long left = giveUp - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(left);
        }
        return true;
    }

    @FrayTest(
            iterations = TimedRacingHandOffFrayTest.ITERATIONS,
            systemTimeDelegateType = SystemTimeDelegateType.MOCK,
            ignoreTimedBlock = false)
    public void checkThenStopTimer_deadlinesRegisteredAsItEnds() throws Exception {
        CheckThenStopTimer timer = new CheckThenStopTimer();
        int[] fired = new int[2];
        Thread a = new Thread(() -> {
            for (int i = 0; i < 2; i++) {
                fired[0] += awaitDeadline(timer) ? 1 : 0;
            }
        });
        Thread b = new Thread(() -> fired[1] += awaitDeadline(timer) ? 1 : 0);
        a.start();
        b.start();
        a.join();
        b.join();
        if (fired[0] + fired[1] != 3) {
            System.setProperty(LOST, String.valueOf(Integer.getInteger(LOST, 0) + 1));
        }
    }

    @AfterAll
    static void fray_foundTheLostDeadline() {
        int lost = Integer.getInteger(LOST, 0);
        System.out.printf(
                "[model] BrokenLingeringTimerFrayTest: a deadline was lost in %d of %d schedules%n",
                lost, TimedRacingHandOffFrayTest.ITERATIONS);
        assertThat(lost)
                .as("schedules in which Fray caught the broken timer losing a registration")
                .isPositive();
    }
}
