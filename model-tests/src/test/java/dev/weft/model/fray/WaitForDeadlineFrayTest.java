// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.fray;

import dev.weft.Queue;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pastalab.fray.core.command.SystemTimeDelegateType;
import org.pastalab.fray.junit.junit5.FrayTestExtension;
import org.pastalab.fray.junit.junit5.annotations.FrayTest;

/**
 * Fray: {@code Weft.waitFor} and {@code moveOnAfter} deadlines, fired by Weft's timer thread,
 * racing the body's end, an external cancel, and the timer thread's own exit. Issue 20: the
 * timer thread now ends once idle ({@code -Dweft.timer.linger=0}, set for this execution in
 * model-tests/pom.xml, ends it at once), so a Fray iteration can end.
 *
 * <p>Unlike {@link TimedRacingHandOffFrayTest}, these tests do not set
 * {@code abortThreadExecutionAfterMainExit}: every thread, the timer's included, must end by
 * itself after the test's main thread, or Fray reports the iteration as a deadlock. So a timer
 * thread that never ends, and a deadline that never fires (its body then blocks in an untimed
 * {@code get} forever), both fail the test. Same clock settings as TimedRacingHandOffFrayTest
 * (mocked, timed parks may time out, {@link TimedRacingHandOffFrayTest#SHORT} = 50 us).
 */
@ExtendWith(FrayTestExtension.class)
public class WaitForDeadlineFrayTest {

    static {
        FrayWarmUp.classes(); // before Fray schedules anything: see FrayWarmUp
    }

    static final int ITERATIONS = TimedRacingHandOffFrayTest.ITERATIONS;
    static final Duration SHORT = TimedRacingHandOffFrayTest.SHORT;

    private static Thread start(TimedRacingHandOffFrayTest.ThrowingRunnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                throw new AssertionError("unexpected " + e, e);
            }
        });
        t.start();
        return t;
    }

    private static final String OUTCOMES = "weft.model.fray.waitFor.outcome.";

    /** Records which way a schedule went (a system property: each iteration has fresh classes). */
    private static void outcome(String test, String label) {
        String key = OUTCOMES + test + "." + label;
        System.setProperty(key, String.valueOf(Integer.getInteger(key, 0) + 1));
    }

    /** Each race must have been explored both ways (else it proved nothing). */
    @AfterAll
    static void everyRaceWentBothWays() {
        java.util.Map<String, java.util.Map<String, String>> byTest = new java.util.TreeMap<>();
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith(OUTCOMES)) {
                String rest = k.substring(OUTCOMES.length());
                int dot = rest.indexOf('.');
                byTest.computeIfAbsent(rest.substring(0, dot), t -> new java.util.TreeMap<>())
                        .put(rest.substring(dot + 1), System.getProperty(k));
            }
        }
        System.out.printf(
                "[model] WaitForDeadlineFrayTest: weft.timer.linger=%s%n", System.getProperty("weft.timer.linger"));
        byTest.forEach((test, outcomes) -> System.out.printf(
                "[model] WaitForDeadlineFrayTest %s: %d schedules, outcomes %s%n", test, ITERATIONS, outcomes));
        byTest.forEach((test, outcomes) -> require(outcomes.size() >= 2, test + " went one way only: " + outcomes));
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    /**
     * waitFor's deadline racing the body's get as a put hands it the item: waitFor returns the
     * item, or throws TimeoutException and the item stays queued; never both, never the item
     * taken and then dropped (asyncio gh-86296, kotlinx #3504). The caller's interrupt status
     * is clear afterwards and it is in no deadline scope any more.
     */
    @FrayTest(iterations = ITERATIONS, systemTimeDelegateType = SystemTimeDelegateType.MOCK, ignoreTimedBlock = false)
    public void waitFor_deadlineRacingGet_itemReturnedOrLeftQueued() throws Exception {
        Queue<Integer> q = new Queue<>(1);
        Object[] out = new Object[1];
        boolean[] leaked = new boolean[2];
        Thread w = start(() -> {
            try {
                out[0] = Weft.waitFor(SHORT, q::get);
            } catch (TimeoutException e) {
                out[0] = "timeout";
            }
            leaked[0] = Thread.currentThread().isInterrupted();
            leaked[1] = Weft.deadline().isPresent();
        });
        Thread p = start(() -> q.put(7));
        w.join();
        p.join();
        boolean returned = Integer.valueOf(7).equals(out[0]);
        require(returned || "timeout".equals(out[0]), "waitFor gave " + out[0]);
        require((returned ? 1 : 0) + q.size() == 1, "waitFor gave " + out[0] + ", queued " + q.size());
        require(!leaked[0], "an interrupt leaked out of waitFor");
        require(!leaked[1], "the caller was left inside waitFor's deadline scope");
        outcome("waitForGet", returned ? "returned" : "timedOut");
    }

    /**
     * waitFor's deadline racing an external cancel: the caller, a group's opener, waits in
     * {@code waitFor(SHORT, get)} on an empty queue while another thread cancels the group.
     * The call ends in TimeoutException (its own deadline, reported by it) or in
     * InterruptedException (the group's cancel, which waitFor must not turn into a timeout),
     * never both; an InterruptedException only if the group was cancelled. The group then ends.
     */
    @FrayTest(iterations = ITERATIONS, systemTimeDelegateType = SystemTimeDelegateType.MOCK, ignoreTimedBlock = false)
    public void waitFor_deadlineRacingGroupCancel_timeoutOrInterruptedNeverBoth() throws Exception {
        Queue<Integer> q = new Queue<>(1);
        String what;
        TaskGroup g = TaskGroup.open();
        Thread canceller = new Thread(g::cancel);
        try {
            Weft.waitFor(SHORT, () -> {
                canceller.start(); // the cancel races the deadline, both pending
                return q.get();
            });
            what = "returned";
        } catch (TimeoutException e) {
            what = "timedOut";
        } catch (InterruptedException e) {
            what = "interrupted";
        }
        boolean cancelledThen = g.isCancelled();
        joinQuietly(canceller);
        g.join(); // a cancelled group ends without an error of its own
        g.close();
        Thread.interrupted(); // the group's cancel may have interrupted this opener after waitFor
        require(!what.equals("returned"), "waitFor returned from a get on an empty queue");
        require(!what.equals("interrupted") || cancelledThen, "InterruptedException with no cancel");
        require(Weft.deadline().isEmpty(), "the caller was left inside waitFor's deadline scope");
        outcome("waitForCancel", what);
    }

    /**
     * As above with moveOnAfter: empty (its own deadline) or InterruptedException (the cancel),
     * never a value, and never an empty result that swallowed the cancel it was interrupted by.
     */
    @FrayTest(iterations = ITERATIONS, systemTimeDelegateType = SystemTimeDelegateType.MOCK, ignoreTimedBlock = false)
    public void moveOnAfter_deadlineRacingGroupCancel_emptyOrInterrupted() throws Exception {
        Queue<Integer> q = new Queue<>(1);
        String what;
        TaskGroup g = TaskGroup.open();
        Thread canceller = new Thread(g::cancel);
        try {
            Optional<Integer> r = Weft.moveOnAfter(SHORT, () -> {
                canceller.start();
                return q.get();
            });
            what = r.isEmpty() ? "movedOn" : "returned";
        } catch (InterruptedException e) {
            what = "interrupted";
        }
        boolean cancelledThen = g.isCancelled();
        joinQuietly(canceller);
        g.join();
        g.close();
        Thread.interrupted();
        require(!what.equals("returned"), "moveOnAfter returned a value from a get on an empty queue");
        require(!what.equals("interrupted") || cancelledThen, "InterruptedException with no cancel");
        require(Weft.deadline().isEmpty(), "the caller was left inside moveOnAfter's deadline scope");
        outcome("moveOnAfterCancel", what);
    }

    /**
     * Deadlines registered as the timer thread ends (linger 0): one caller's waitFor times out
     * and it registers a second at once, while the timer that fired the first is on its way
     * out and another caller registers its own. Every call must time out; a lost registration
     * leaves its get blocked forever, which Fray reports as a deadlock. The twin with the
     * registration-losing exit is BrokenLingeringTimerFrayTest.
     */
    @FrayTest(iterations = ITERATIONS, systemTimeDelegateType = SystemTimeDelegateType.MOCK, ignoreTimedBlock = false)
    public void waitFor_deadlinesRegisteredAsTheTimerEnds_allFire() throws Exception {
        Queue<Integer> q = new Queue<>(1);
        int[] timedOut = new int[2];
        Thread a = start(() -> {
            for (int i = 0; i < 2; i++) {
                try {
                    Weft.waitFor(SHORT, q::get);
                } catch (TimeoutException e) {
                    timedOut[0]++;
                }
            }
        });
        Thread b = start(() -> {
            try {
                Weft.waitFor(SHORT, q::get);
            } catch (TimeoutException e) {
                timedOut[1]++;
            }
        });
        a.join();
        b.join();
        require(timedOut[0] == 2 && timedOut[1] == 1, "timed out " + timedOut[0] + " and " + timedOut[1]);
        outcome("timerExit", "timerThreadsStarted" + timerThreadsStarted());
    }

    /**
     * How many timer threads this iteration started (DeadlineTimer.starts(), package-private in
     * core, read by reflection): more than one means the timer ended and a registration started
     * a new one within the schedule.
     */
    private static long timerThreadsStarted() throws ReflectiveOperationException {
        Class<?> c = Class.forName("dev.weft.internal.DeadlineTimer");
        java.lang.reflect.Field instance = c.getDeclaredField("INSTANCE");
        instance.setAccessible(true);
        java.lang.reflect.Method starts = c.getDeclaredMethod("starts");
        starts.setAccessible(true);
        return (long) starts.invoke(instance.get(null));
    }

    /** Joins {@code t}, waiting on if interrupted (the group's cancel interrupts this opener). */
    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        for (; ; ) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
