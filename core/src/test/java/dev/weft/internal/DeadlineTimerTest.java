// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The timer thread ends once it has been idle for its linger and the next deadline starts a new
 * one (issue 20: a thread that never ends keeps Fray from ending an iteration), and no deadline
 * registered while the thread is ending is lost.
 */
@Timeout(300)
class DeadlineTimerTest {

    private static final DeadlineTimer TIMER = DeadlineTimer.INSTANCE;

    /** Sleeps for longer than any test runs: only a deadline ends it. */
    private static final Duration LONG = Duration.ofHours(1);

    @Test
    void lingerProperty_milliseconds_elseTheDefault() {
        assertThat(DeadlineTimer.lingerNanos("0")).isZero();
        assertThat(DeadlineTimer.lingerNanos(" 250 ")).isEqualTo(250_000_000L);
        assertThat(DeadlineTimer.lingerNanos(null)).isEqualTo(1_000_000_000L);
        assertThat(DeadlineTimer.lingerNanos("-1")).isEqualTo(1_000_000_000L);
        assertThat(DeadlineTimer.lingerNanos("1s")).isEqualTo(1_000_000_000L);
        assertThat(DeadlineTimer.lingerNanos(String.valueOf(Long.MAX_VALUE))).isEqualTo(1_000_000_000L);
    }

    @Test
    void idleTimer_threadEnds_andTheNextDeadlineStartsANewOneThatFires() throws Exception {
        AtomicReference<Thread> first = new AtomicReference<>();
        assertThatThrownBy(() -> Weft.waitFor(Duration.ofMillis(5), () -> {
                    first.set(TIMER.thread()); // our deadline is pending: the timer runs
                    Weft.sleep(LONG);
                    return null;
                }))
                .isInstanceOf(TimeoutException.class);
        Thread t1 = first.get();
        assertThat(t1).isNotNull();
        assertThat(t1.getName()).isEqualTo("weft-timer");

        long idleFrom = System.nanoTime();
        await().pollInterval(Duration.ofMillis(10))
                .atMost(Duration.ofSeconds(60))
                .until(() -> TIMER.state() == DeadlineTimer.STOPPED && !t1.isAlive());
        System.out.printf(
                "DeadlineTimerTest: the idle timer thread ended %d ms after the last deadline fired%n",
                (System.nanoTime() - idleFrom) / 1_000_000L);

        long startsBefore = TIMER.starts();
        AtomicReference<Thread> second = new AtomicReference<>();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Weft.waitFor(Duration.ofMillis(5), () -> {
                    second.set(TIMER.thread());
                    Weft.sleep(LONG);
                    return null;
                }))
                .isInstanceOf(TimeoutException.class);
        assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(30).toNanos());
        assertThat(second.get()).isNotNull().isNotSameAs(t1);
        assertThat(TIMER.starts()).isGreaterThan(startsBefore);

        // moveOnAfter and a stopped timer: the same path.
        await().pollInterval(Duration.ofMillis(10))
                .atMost(Duration.ofSeconds(60))
                .until(() -> TIMER.state() == DeadlineTimer.STOPPED);
        assertThat(Weft.moveOnAfter(Duration.ofMillis(5), () -> {
                    Weft.sleep(LONG);
                    return "never";
                }))
                .isEmpty();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    /**
     * With no linger the timer ends each time its last deadline has fired, just as the callers
     * of the round register theirs: thousands of registrations race the thread's exit. The
     * callers go in lockstep (a barrier per round), so a registration stranded by a lost race is
     * not rescued by another caller's next one: it leaves its body sleeping for the fallback,
     * and the test failing (or, were the fallback gone, hanging). Every waitFor must time out.
     */
    @Test
    void deadlinesRegisteredAsTheTimerEnds_noneLost() throws Exception {
        int callers = 4;
        int rounds = Integer.getInteger("weft.test.timerExitRounds", 2_500);
        Duration fallback = Duration.ofSeconds(20);
        CyclicBarrier round = new CyclicBarrier(callers);
        AtomicLong timedOut = new AtomicLong();
        AtomicLong returned = new AtomicLong();
        AtomicLong lost = new AtomicLong();
        AtomicLong slowestNanos = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long lingerBefore = TIMER.setLingerNanos(0L);
        long startsBefore = TIMER.starts();
        long t0 = System.nanoTime();
        try {
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                Runnable caller = () -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int r = 0; r < rounds; r++) {
                        try {
                            round.await(2, TimeUnit.MINUTES);
                        } catch (Exception e) {
                            failure.compareAndSet(null, e);
                            round.reset(); // the others stop too
                            return;
                        }
                        long timeout = rnd.nextLong(1_000, 200_000);
                        long start = System.nanoTime();
                        try {
                            if (r % 4 == 3) {
                                // A body that returns at once: its node stays in the wheel, DONE,
                                // until its tick, so the timer ends a little later.
                                Object v = Weft.waitFor(Duration.ofNanos(timeout), () -> "v");
                                assertThat(v).isEqualTo("v");
                                returned.incrementAndGet();
                                continue;
                            }
                            Weft.waitFor(Duration.ofNanos(timeout), () -> {
                                Weft.sleep(fallback);
                                return null;
                            });
                            // The sleep ran out: the deadline never fired. Stop the test here.
                            lost.incrementAndGet();
                            failure.compareAndSet(
                                    null,
                                    new AssertionError("round " + r + ": the deadline of" + " waitFor(" + timeout
                                            + " ns) did not fire in " + fallback));
                            round.reset();
                            return;
                        } catch (TimeoutException e) {
                            timedOut.incrementAndGet();
                            slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                            round.reset();
                            return;
                        }
                    }
                };
                threads.add(
                        c % 2 == 0
                                ? Thread.ofPlatform().name("caller-" + c).start(caller)
                                : Thread.ofVirtual().name("caller-" + c).start(caller));
            }
            for (Thread t : threads) {
                t.join();
            }
        } finally {
            TIMER.setLingerNanos(lingerBefore);
        }
        long starts = TIMER.starts() - startsBefore;
        System.out.printf(
                "DeadlineTimerTest: %d waitFor calls (%d timed out, %d returned) in %d ms with linger 0;"
                        + " the timer thread was started %d times; slowest timeout %d ms%n",
                timedOut.get() + returned.get(),
                timedOut.get(),
                returned.get(),
                (System.nanoTime() - t0) / 1_000_000L,
                starts,
                slowestNanos.get() / 1_000_000L);
        assertThat(failure.get()).isNull();
        assertThat(lost).as("deadlines that never fired").hasValue(0);
        int timedRounds = rounds - rounds / 4;
        assertThat(timedOut).hasValue((long) callers * timedRounds);
        assertThat(returned).hasValue((long) callers * (rounds / 4));
        assertThat(starts).as("timer threads started: the exit was raced").isGreaterThan(1);
    }
}
