// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** waitFor, moveOnAfter and deadline(): timeouts are cancel scopes (README, Guarantees; issue 4). */
@Timeout(60)
class TimeoutsTest {

    static final Duration LONG = Duration.ofHours(1);

    static String sleepThen(Duration d, String v) throws InterruptedException {
        Weft.sleep(d);
        return v;
    }

    @Nested
    class WaitFor {
        @Test
        void waitFor_bodyFinishes_returnsResultAndLeavesInterruptClear() throws Exception {
            assertThat(Weft.waitFor(Duration.ofMinutes(1), () -> "ok")).isEqualTo("ok");
            assertThat(Weft.waitFor(Instant.now().plusSeconds(60), () -> "abs")).isEqualTo("abs");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }

        @Test
        void waitFor_timeout_throwsTimeoutAfterBodyEnded_interruptClear() {
            AtomicBoolean bodyEnded = new AtomicBoolean();
            assertThatThrownBy(() -> Weft.waitFor(Duration.ofMillis(20), () -> {
                        try {
                            return sleepThen(LONG, "never");
                        } finally {
                            bodyEnded.set(true);
                        }
                    }))
                    .isInstanceOf(TimeoutException.class)
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(bodyEnded).isTrue();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }

        @Test
        void waitFor_timeout_cancelsGroupOpenedInside_andItsTasksEnd() {
            TaskGroupTest.Threads threads = new TaskGroupTest.Threads();
            assertThatThrownBy(() -> Weft.waitFor(
                            Duration.ofMillis(20),
                            () -> TaskGroup.run(tg -> {
                                for (int i = 0; i < 3; i++) {
                                    tg.fork(() -> {
                                        threads.here();
                                        return sleepThen(LONG, "x");
                                    });
                                }
                                return null;
                            })))
                    .isInstanceOf(TimeoutException.class);
            threads.assertAllEnded();
        }

        @Test
        void waitFor_outsideInterrupt_givesInterruptedNotTimeout() throws Exception {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    Weft.waitFor(LONG, () -> sleepThen(LONG, "x"));
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            await().until(() -> t.getState() == Thread.State.TIMED_WAITING);
            t.interrupt();
            t.join();
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        }

        @Test
        void waitFor_innerLongerThanOuter_outerReportsTimeout_innerDoesNot() {
            AtomicReference<Throwable> innerSaw = new AtomicReference<>();
            assertThatThrownBy(() -> Weft.waitFor(Duration.ofMillis(30), () -> {
                        try {
                            return Weft.waitFor(LONG, () -> sleepThen(LONG, "x"));
                        } catch (Throwable e) {
                            innerSaw.set(e);
                            throw e;
                        }
                    }))
                    .isInstanceOf(TimeoutException.class);
            assertThat(innerSaw.get()).isInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }

        @Test
        void waitFor_innerShorterThanOuter_innerReportsTimeout_outerGoesOn() throws Exception {
            String r = Weft.waitFor(LONG, () -> {
                try {
                    Weft.waitFor(Duration.ofMillis(10), () -> sleepThen(LONG, "x"));
                    return "inner returned";
                } catch (TimeoutException e) {
                    return "inner timed out";
                }
            });
            assertThat(r).isEqualTo("inner timed out");
        }

        @Test
        void waitFor_outerDeadlineFiresEvenIfInnerCatches() {
            // kotlinx #67/#451: an inner scope that catches cannot swallow an outer deadline.
            assertThatThrownBy(() -> Weft.waitFor(Duration.ofMillis(30), () -> {
                        try {
                            Weft.waitFor(LONG, () -> sleepThen(LONG, "x"));
                        } catch (InterruptedException swallowed) {
                            // the outer deadline arrives here as an interrupt...
                        }
                        return sleepThen(LONG, "y"); // ...and sticks: this throws at once
                    }))
                    .isInstanceOf(TimeoutException.class);
        }

        @RepeatedTest(20)
        void waitFor_resultProducedAtDeadline_isReturned() throws Exception {
            // The body ignores the interrupt and returns a value: the value wins (asyncio
            // test_wait_for_cancellation_race_condition, kotlinx #3504).
            String r = Weft.waitFor(Duration.ofMillis(1), () -> {
                long end = System.nanoTime() + Duration.ofMillis(3).toNanos();
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                return "value";
            });
            assertThat(r).isEqualTo("value");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }

        @Test
        void waitFor_zeroOrNegative_timesOutAtOnceIfBodyBlocks() {
            assertThatThrownBy(() -> Weft.waitFor(Duration.ZERO, () -> sleepThen(LONG, "x")))
                    .isInstanceOf(TimeoutException.class);
            assertThatThrownBy(() -> Weft.waitFor(Duration.ofSeconds(-1), () -> sleepThen(LONG, "x")))
                    .isInstanceOf(TimeoutException.class);
            assertThatThrownBy(() -> Weft.waitFor(Instant.now().minusSeconds(5), () -> sleepThen(LONG, "x")))
                    .isInstanceOf(TimeoutException.class);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }

        @Test
        void waitFor_zero_bodyThatDoesNotBlock_returns() throws Exception {
            assertThat(Weft.waitFor(Duration.ZERO, () -> "quick")).isEqualTo("quick");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }

        @Test
        void waitFor_bodyException_passesThroughUnwrapped() {
            IOException boom = new IOException("boom");
            assertThatThrownBy(() -> Weft.<String, IOException>waitFor(LONG, () -> {
                        throw boom;
                    }))
                    .isSameAs(boom);
        }

        @Test
        void waitFor_afterDeadline_everyBlockingCallInScopeThrows() {
            AtomicReference<Throwable> second = new AtomicReference<>();
            assertThatThrownBy(() -> Weft.waitFor(Duration.ofMillis(10), () -> {
                        try {
                            Weft.sleep(LONG);
                        } catch (InterruptedException swallowed) {
                            // swallowed
                        }
                        try {
                            Weft.sleep(LONG);
                        } catch (InterruptedException e) {
                            second.set(e);
                            throw e;
                        }
                        return null;
                    }))
                    .isInstanceOf(TimeoutException.class);
            assertThat(second.get()).isInstanceOf(InterruptedException.class);
        }

        @Test
        void waitFor_inCancelledTask_throwsInterruptedAtOnce() throws Exception {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            CountDownLatch blocked = new CountDownLatch(1);
            TaskGroup.run(tg -> {
                Task<Object> t = tg.fork(() -> {
                    try {
                        blocked.countDown();
                        Weft.sleep(LONG);
                    } catch (InterruptedException swallowed) {
                        // swallowed
                    }
                    try {
                        Weft.waitFor(LONG, () -> "ran");
                    } catch (Throwable e) {
                        outcome.set(e);
                    }
                    return null;
                });
                blocked.await();
                t.cancel();
                return null;
            });
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        }

        @Test
        void waitFor_nulls_throwNullPointer() {
            assertThatThrownBy(() -> Weft.waitFor((Duration) null, () -> 1)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> Weft.waitFor((Instant) null, () -> 1)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> Weft.waitFor(LONG, null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    class MoveOnAfter {
        @Test
        void moveOnAfter_timeout_returnsEmpty() throws Exception {
            Optional<String> r = Weft.moveOnAfter(Duration.ofMillis(10), () -> sleepThen(LONG, "x"));
            assertThat(r).isEmpty();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }

        @Test
        void moveOnAfter_bodyFinishes_returnsValue() throws Exception {
            assertThat(Weft.moveOnAfter(LONG, () -> "v")).contains("v");
        }

        @Test
        void moveOnAfter_insideShorterWaitFor_doesNotSwallowOuterDeadline() {
            assertThatThrownBy(() -> Weft.waitFor(
                            Duration.ofMillis(20), () -> Weft.moveOnAfter(LONG, () -> sleepThen(LONG, "x"))))
                    .isInstanceOf(TimeoutException.class);
        }
    }

    @Nested
    class Deadline {
        @Test
        void deadline_outsideAnyScope_isEmpty() throws Exception {
            assertThat(Weft.deadline()).isEmpty();
            assertThat(Weft.run(Weft::deadline)).isEmpty();
        }

        @Test
        void deadline_nestedScopesAndTasks_reportEarliest() throws Exception {
            Instant before = Instant.now();
            AtomicReference<Optional<Instant>> inTask = new AtomicReference<>();
            AtomicReference<Optional<Instant>> inner = new AtomicReference<>();
            AtomicReference<Optional<Instant>> outerOnly = new AtomicReference<>();
            Weft.waitFor(Duration.ofSeconds(30), () -> {
                outerOnly.set(Weft.deadline());
                return Weft.waitFor(Duration.ofMinutes(10), () -> {
                    inner.set(Weft.deadline());
                    return TaskGroup.run(tg -> tg.fork(() -> {
                                inTask.set(Weft.deadline());
                                return null;
                            })
                            .join());
                });
            });
            Instant max = Instant.now().plusSeconds(31);
            assertThat(outerOnly.get()).hasValueSatisfying(d -> assertThat(d).isBetween(before.plusSeconds(29), max));
            assertThat(inner.get()).hasValueSatisfying(d -> assertThat(d).isBetween(before.plusSeconds(29), max));
            assertThat(inTask.get()).hasValueSatisfying(d -> assertThat(d).isBetween(before.plusSeconds(29), max));
            assertThat(Weft.deadline()).isEmpty();
        }

        @Test
        void deadline_innerEarlier_isInner() throws Exception {
            Optional<Instant> d =
                    Weft.waitFor(Duration.ofMinutes(10), () -> Weft.waitFor(Duration.ofSeconds(5), Weft::deadline));
            assertThat(d)
                    .hasValueSatisfying(
                            v -> assertThat(v).isBefore(Instant.now().plusSeconds(6)));
        }
    }
}
