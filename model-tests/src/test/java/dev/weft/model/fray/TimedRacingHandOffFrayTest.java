// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.fray;

import dev.weft.Barrier;
import dev.weft.Lock;
import dev.weft.Queue;
import dev.weft.Semaphore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pastalab.fray.core.command.SystemTimeDelegateType;
import org.pastalab.fray.junit.junit5.FrayTestExtension;
import org.pastalab.fray.junit.junit5.annotations.FrayTest;

/**
 * Fray, for what Lincheck's model checker cannot do (it pins {@code System.nanoTime()}, so a
 * timed wait never expires there): timed acquire/poll/offer and barrier awaits racing a
 * hand-off, under Fray's controlled clock ({@link SystemTimeDelegateType#MOCK}) with timed
 * parks allowed to time out ({@code ignoreTimedBlock = false}); waitFor's deadlines are in
 * {@link WaitForDeadlineFrayTest}. Each
 * test runs {@link #ITERATIONS} schedules chosen by Fray's POS scheduler; a schedule that
 * breaks the invariant (or deadlocks) fails the test and names the schedule's seed.
 *
 * <p>These timed calls park with a timeout of their own and never start Weft's timer thread;
 * {@code abortThreadExecutionAfterMainExit} ends any thread still running when the test's main
 * thread ends (WaitForDeadlineFrayTest does without it).
 *
 * <p>Runs on Fray's instrumented JDK; see model-tests/README.md for how it is prepared.
 */
@ExtendWith(FrayTestExtension.class)
public class TimedRacingHandOffFrayTest {

    static {
        FrayWarmUp.classes(); // before Fray schedules anything: see FrayWarmUp
    }

    static final int ITERATIONS = 300;

    /**
     * The timeout of every timed call here. Under Fray's mocked clock each read of
     * {@code System.nanoTime()} advances it by a fixed step ({@code virtualTimeDelta}, 100 us),
     * so a timeout below one step expires at the waiter's first look at the clock, in the
     * middle of the race with the hand-off. With 5 ms (50 steps) Fray let the timeout fire only
     * after the other side had finished: the broken twin (BrokenTimedAcquireFrayTest) lost its
     * permit in 0 of 3,000 schedules; with 50 us, in 253 of 3,000.
     */
    static final Duration SHORT = Duration.ofNanos(50_000);

    private static Thread start(ThrowingRunnable body) {
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

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static final String OUTCOMES = "weft.model.fray.outcome.";

    /**
     * Records which way a schedule went. In a system property: Fray gives every iteration fresh
     * classes, so a static would not survive. {@link #everyRaceWentBothWays()} reads them.
     */
    private static void outcome(String test, Object label) {
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
        byTest.forEach((test, outcomes) -> System.out.printf(
                "[model] TimedRacingHandOffFrayTest %s: %d schedules, outcomes %s%n", test, ITERATIONS, outcomes));
        byTest.forEach((test, outcomes) -> require(outcomes.size() >= 2, test + " went one way only: " + outcomes));
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    /** A timed acquire that times out as a release hands it the permit: held or free, once. */
    @FrayTest(
            iterations = ITERATIONS,
            systemTimeDelegateType = SystemTimeDelegateType.MOCK,
            ignoreTimedBlock = false,
            abortThreadExecutionAfterMainExit = true)
    public void semaphore_tryAcquireTimingOutAsReleased_permitConserved() throws Exception {
        Semaphore s = new Semaphore(0);
        boolean[] got = new boolean[1];
        Thread a = start(() -> got[0] = s.tryAcquire(SHORT));
        Thread r = start(s::release);
        a.join();
        r.join();
        require(
                (got[0] ? 1 : 0) + s.availablePermits() == 1,
                "permit leaked or duplicated: acquired " + got[0] + ", free " + s.availablePermits());
        outcome("semaphore", got[0] ? "acquired" : "timedOut");
    }

    /**
     * A timed lock acquire racing the holder's release: owned iff it returned true (it then
     * gives the lock back), and a timed-out acquire leaves nothing behind: the lock ends free.
     */
    @FrayTest(
            iterations = ITERATIONS,
            systemTimeDelegateType = SystemTimeDelegateType.MOCK,
            ignoreTimedBlock = false,
            abortThreadExecutionAfterMainExit = true)
    public void lock_tryAcquireTimingOutAsReleased_ownedIffTrue() throws Exception {
        Lock lock = new Lock();
        boolean[] got = new boolean[1];
        boolean[] owned = new boolean[1];
        Thread holder = start(() -> {
            lock.acquire();
            lock.release();
        });
        Thread a = start(() -> {
            got[0] = lock.tryAcquire(SHORT);
            owned[0] = lock.isHeldByCurrentTask();
            if (got[0]) {
                lock.release();
            }
        });
        holder.join();
        a.join();
        require(got[0] == owned[0], "tryAcquire said " + got[0] + ", owned " + owned[0]);
        require(!lock.isLocked(), "the lock ended held");
        outcome("lock", got[0] ? "acquired" : "timedOut");
    }

    /** A poll timing out as a put hands it the item: taken by the poll or queued, once. */
    @FrayTest(
            iterations = ITERATIONS,
            systemTimeDelegateType = SystemTimeDelegateType.MOCK,
            ignoreTimedBlock = false,
            abortThreadExecutionAfterMainExit = true)
    public void queue_pollTimingOutAsPut_itemExactlyOnce() throws Exception {
        Queue<Integer> q = new Queue<>(1);
        AtomicReference<Optional<Integer>> got = new AtomicReference<>();
        Thread g = start(() -> got.set(q.poll(SHORT)));
        Thread p = start(() -> q.put(7));
        g.join();
        p.join();
        int taken = got.get().isPresent() ? 1 : 0;
        require(taken + q.size() == 1, "item lost or duplicated: polled " + got.get() + ", queued " + q.size());
        outcome("poll", taken == 1 ? "taken" : "timedOut");
    }

    /** An offer to a full queue timing out as a get frees a slot: inserted iff it said true. */
    @FrayTest(
            iterations = ITERATIONS,
            systemTimeDelegateType = SystemTimeDelegateType.MOCK,
            ignoreTimedBlock = false,
            abortThreadExecutionAfterMainExit = true)
    public void queue_offerTimingOutAsSlotFrees_insertedIffTrue() throws Exception {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(1);
        boolean[] offered = new boolean[1];
        int[] first = new int[1];
        Thread p = start(() -> offered[0] = q.offer(2, SHORT));
        Thread g = start(() -> first[0] = q.get());
        p.join();
        g.join();
        require(first[0] == 1, "the get took " + first[0]);
        boolean queued = q.size() == 1 && q.getNowait() == 2;
        require(queued == offered[0], "offer said " + offered[0] + ", item queued " + queued);
        outcome("offer", offered[0] ? "inserted" : "timedOut");
    }

    /**
     * A barrier await timing out as the last party arrives: either the barrier trips for both
     * (indexes 0 and 1) or the timed-out party throws TimeoutException and the other sees the
     * barrier broken; never one passing while the other times out.
     */
    @FrayTest(
            iterations = ITERATIONS,
            systemTimeDelegateType = SystemTimeDelegateType.MOCK,
            ignoreTimedBlock = false,
            abortThreadExecutionAfterMainExit = true)
    public void barrier_awaitTimingOutAsLastArrives_tripsForBothOrBreaksForBoth() throws Exception {
        Barrier b = new Barrier(2);
        Object[] a = new Object[1];
        Object[] c = new Object[1];
        Thread ta = start(() -> {
            try {
                a[0] = b.await(SHORT);
            } catch (TimeoutException | BrokenBarrierException e) {
                a[0] = e.getClass().getSimpleName();
            }
        });
        Thread tc = start(() -> {
            try {
                c[0] = b.await();
            } catch (BrokenBarrierException e) {
                c[0] = e.getClass().getSimpleName();
            }
        });
        ta.join();
        tc.join();
        boolean tripped = a[0] instanceof Integer && c[0] instanceof Integer && (int) a[0] + (int) c[0] == 1;
        boolean broke = "TimeoutException".equals(a[0]) && "BrokenBarrierException".equals(c[0]);
        require(tripped || broke, "barrier outcome " + a[0] + " / " + c[0]);
        outcome("barrier", tripped ? "tripped" : "broken");
    }
}
