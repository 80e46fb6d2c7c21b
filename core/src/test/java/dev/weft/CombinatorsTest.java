// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** gather, gatherSettled, race, map, asCompleted, await (issue 4). */
@Timeout(60)
class CombinatorsTest {

    static final Duration LONG = Duration.ofHours(1);

    /** A callable that sleeps until cancelled, counting cancellations and recording its thread. */
    static Callable<String> sleeper(AtomicInteger cancelled, TaskGroupTest.Threads threads, CountDownLatch started) {
        return () -> {
            threads.here();
            started.countDown();
            try {
                Weft.sleep(LONG);
                return "slept";
            } catch (InterruptedException e) {
                cancelled.incrementAndGet();
                throw e;
            }
        };
    }

    @Nested
    class Gather {
        @Test
        void gather_keepsInputOrder() throws Exception {
            List<Integer> r = Weft.gather(
                    () -> TimeoutsTest.sleepThen(Duration.ofMillis(30), "").length() + 1,
                    () -> 2,
                    () -> TimeoutsTest.sleepThen(Duration.ofMillis(10), "").length() + 3);
            assertThat(r).containsExactly(1, 2, 3);
            List<Callable<Integer>> many = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int v = i;
                many.add(() -> v);
            }
            assertThat(Weft.gather(many))
                    .containsExactlyElementsOf(IntStream.range(0, 100).boxed().toList());
            assertThat(Weft.gather(List.<Callable<String>>of(() -> null))).containsExactly((String) null);
            assertThat(Weft.gather(List.<Callable<String>>of())).isEmpty();
        }

        @Test
        void gather_firstFailureCancelsRest_andEndsThemBeforeThrowing() {
            AtomicInteger cancelled = new AtomicInteger();
            TaskGroupTest.Threads threads = new TaskGroupTest.Threads();
            CountDownLatch started = new CountDownLatch(2);
            IOException boom = new IOException("boom");
            assertThatThrownBy(() -> Weft.gather(
                            sleeper(cancelled, threads, started), sleeper(cancelled, threads, started), () -> {
                                started.await();
                                throw boom;
                            }))
                    .isInstanceOf(TaskGroupException.class)
                    .hasCause(boom);
            assertThat(cancelled).hasValue(2);
            threads.assertAllEnded();
        }

        @Test
        void gather_nulls_throwNullPointer() {
            assertThatThrownBy(() -> Weft.gather((List<Callable<Integer>>) null))
                    .isInstanceOf(NullPointerException.class);
            List<Callable<Integer>> withNull = new ArrayList<>();
            withNull.add(null);
            assertThatThrownBy(() -> Weft.gather(withNull)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    class GatherSettled {
        @Test
        void gatherSettled_reportsEachOutcome_failuresDoNotCancelOthers() throws Exception {
            IOException boom = new IOException("boom");
            List<Result<String>> r = Weft.gatherSettled(
                    () -> TimeoutsTest.sleepThen(Duration.ofMillis(20), "slow ok"),
                    () -> {
                        throw boom;
                    },
                    () -> {
                        throw new CancellationException("self-cancelled");
                    },
                    () -> {
                        throw new InterruptedException("self-interrupted");
                    },
                    () -> "fast ok");
            assertThat(r).hasSize(5);
            assertThat(r.get(0)).isEqualTo(new Result.Success<>("slow ok"));
            assertThat(r.get(1)).isEqualTo(new Result.Failure<>(boom));
            assertThat(r.get(2))
                    .isInstanceOfSatisfying(
                            Result.Failure.class, f -> assertThat(f.error()).isInstanceOf(CancellationException.class));
            assertThat(r.get(3))
                    .isInstanceOfSatisfying(
                            Result.Failure.class, f -> assertThat(f.error()).isInstanceOf(CancellationException.class));
            assertThat(r.get(4).isSuccess()).isTrue();
        }

        @Test
        void gatherSettled_callerCancelled_throwsInterrupted() throws Exception {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            AtomicInteger cancelled = new AtomicInteger();
            TaskGroupTest.Threads threads = new TaskGroupTest.Threads();
            CountDownLatch started = new CountDownLatch(2);
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    Weft.gatherSettled(sleeper(cancelled, threads, started), sleeper(cancelled, threads, started));
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            started.await();
            caller.interrupt();
            caller.join();
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            assertThat(cancelled).hasValue(2);
            threads.assertAllEnded();
        }
    }

    @Nested
    class Race {
        @Test
        void race_returnsFirstSuccess_cancelsAndEndsLosers() throws Exception {
            AtomicInteger cancelled = new AtomicInteger();
            TaskGroupTest.Threads threads = new TaskGroupTest.Threads();
            CountDownLatch started = new CountDownLatch(2);
            String r = Weft.race(
                    sleeper(cancelled, threads, started),
                    sleeper(cancelled, threads, started),
                    () -> {
                        throw new IOException("a failure does not end the race");
                    },
                    () -> {
                        started.await();
                        return "winner";
                    });
            assertThat(r).isEqualTo("winner");
            assertThat(cancelled).hasValue(2);
            threads.assertAllEnded();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }

        @Test
        void race_loserFailingAsItIsCancelled_isIgnored() throws Exception {
            CountDownLatch loserWaiting = new CountDownLatch(1);
            String r = Weft.race(
                    () -> {
                        loserWaiting.countDown();
                        try {
                            Weft.sleep(Duration.ofHours(1));
                        } catch (InterruptedException e) {
                            throw new IOException("failed while being cancelled", e);
                        }
                        return "loser";
                    },
                    () -> {
                        loserWaiting.await();
                        return "winner";
                    });
            assertThat(r).isEqualTo("winner");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }

        @Test
        void race_allFailed_throwsListingEveryFailure() {
            IOException a = new IOException("a");
            IllegalStateException b = new IllegalStateException("b");
            assertThatThrownBy(() -> Weft.race(
                            () -> {
                                throw a;
                            },
                            () -> {
                                throw b;
                            }))
                    .isInstanceOfSatisfying(
                            TaskGroupException.class,
                            e -> assertThat(e.failures()).containsExactlyInAnyOrder(a, b));
        }

        @Test
        void race_empty_throwsIllegalArgument() {
            assertThatThrownBy(() -> Weft.race(List.<Callable<String>>of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class MapTests {
        @Test
        void map_keepsOrder_andNeverExceedsConcurrency() throws Exception {
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger maxSeen = new AtomicInteger();
            List<Integer> items = IntStream.range(0, 200).boxed().toList();
            List<Integer> r = Weft.map(items, 4, i -> {
                int now = inFlight.incrementAndGet();
                maxSeen.accumulateAndGet(now, Math::max);
                try {
                    Weft.sleep(Duration.ofMillis(1));
                    return i * 2;
                } finally {
                    inFlight.decrementAndGet();
                }
            });
            assertThat(r)
                    .containsExactlyElementsOf(items.stream().map(i -> i * 2).toList());
            assertThat(maxSeen.get()).isBetween(1, 4);
        }

        @Test
        void map_failureCancelsTheRest() {
            AtomicInteger started = new AtomicInteger();
            AtomicInteger cancelled = new AtomicInteger();
            IOException boom = new IOException("boom");
            assertThatThrownBy(() -> Weft.map(IntStream.range(0, 1000).boxed().toList(), 3, i -> {
                        started.incrementAndGet();
                        if (i == 5) {
                            throw boom;
                        }
                        try {
                            Weft.sleep(Duration.ofMillis(i < 5 ? 0 : 60_000));
                        } catch (InterruptedException e) {
                            cancelled.incrementAndGet();
                            throw e;
                        }
                        return i;
                    }))
                    .isInstanceOf(TaskGroupException.class)
                    .hasCause(boom);
            assertThat(started.get()).isLessThan(1000);
        }

        @Test
        void map_badArguments() {
            assertThatThrownBy(() -> Weft.map(List.of(1), 0, i -> i)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Weft.map(null, 1, i -> i)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> Weft.map(List.of(1), 1, null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    class AsCompletedTests {
        @Test
        void asCompleted_yieldsInCompletionOrder_failuresIncluded() throws Exception {
            CountDownLatch first = new CountDownLatch(1);
            CountDownLatch second = new CountDownLatch(1);
            IOException boom = new IOException("boom");
            List<String> order = new ArrayList<>();
            try (var done = Weft.asCompleted(List.<Callable<String>>of(
                    () -> {
                        second.await();
                        return "third";
                    },
                    () -> {
                        first.await();
                        throw boom;
                    },
                    () -> "first"))) {
                Task<String> t1 = done.next();
                order.add(t1.resultNow());
                first.countDown();
                Task<String> t2 = done.next();
                assertThat(t2.state()).isEqualTo(Future.State.FAILED);
                assertThat(t2.exceptionNow()).isSameAs(boom);
                order.add("failed");
                second.countDown();
                for (Task<String> t : done) {
                    order.add(t.join());
                }
                assertThat(done.hasNext()).isFalse();
                assertThatThrownBy(done::next).isInstanceOf(java.util.NoSuchElementException.class);
            }
            assertThat(order).containsExactly("first", "failed", "third");
        }

        @Test
        void asCompleted_timeout_throwsOnceItPasses_closeEndsTheRest() throws Exception {
            AtomicInteger cancelled = new AtomicInteger();
            TaskGroupTest.Threads threads = new TaskGroupTest.Threads();
            CountDownLatch started = new CountDownLatch(1);
            try (var done = Weft.asCompleted(
                    List.of(() -> "quick", sleeper(cancelled, threads, started)), Duration.ofMillis(50))) {
                assertThat(done.next().resultNow()).isEqualTo("quick");
                assertThatThrownBy(done::next).isInstanceOf(TimeoutException.class);
                assertThatThrownBy(done::next).isInstanceOf(TimeoutException.class);
                assertThat(cancelled).hasValue(0); // the timeout leaves it running (asyncio)
            }
            assertThat(cancelled).hasValue(1);
            threads.assertAllEnded();
        }

        @Test
        void asCompleted_closedEarly_cancelsAndEndsTheRest() throws Exception {
            AtomicInteger cancelled = new AtomicInteger();
            TaskGroupTest.Threads threads = new TaskGroupTest.Threads();
            CountDownLatch started = new CountDownLatch(3);
            try (var done = Weft.asCompleted(
                    sleeper(cancelled, threads, started),
                    sleeper(cancelled, threads, started),
                    sleeper(cancelled, threads, started))) {
                started.await();
                assertThat(done.hasNext()).isTrue();
            }
            assertThat(cancelled).hasValue(3);
            threads.assertAllEnded();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Nested
    class AwaitTests {
        @Test
        void await_eachReturnWhen_rightSplit_cancelsNothing() throws Exception {
            TaskGroup.run(tg -> {
                CountDownLatch release = new CountDownLatch(1);
                Task<String> quick = tg.fork("quick", () -> "q");
                Task<String> slow = tg.fork("slow", () -> {
                    release.await();
                    return "s";
                });
                Done<String> first = Weft.await(List.of(quick, slow), ReturnWhen.FIRST_COMPLETED);
                assertThat(first.done()).containsExactly(quick);
                assertThat(first.pending()).containsExactly(slow);

                Done<String> timed = Weft.await(List.of(quick, slow), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(10));
                assertThat(timed.pending()).containsExactly(slow);
                assertThat(slow.isCancelled()).isFalse();

                Done<String> firstException =
                        Weft.await(List.of(quick, slow), ReturnWhen.FIRST_EXCEPTION, Duration.ofMillis(10));
                assertThat(firstException.pending()).containsExactly(slow);

                release.countDown();
                Done<String> all = Weft.await(List.of(quick, slow), ReturnWhen.ALL_COMPLETED);
                assertThat(all.done()).containsExactly(quick, slow);
                assertThat(all.pending()).isEmpty();
                return null;
            });
        }

        @Test
        void await_firstException_returnsOnFailureWithoutCancelling() throws Exception {
            // The group runs in its own thread; this test thread watches its tasks from outside
            // (inside the group, the failure would cancel the watching body).
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch fail = new CountDownLatch(1);
            AtomicReference<List<Task<String>>> tasks = new AtomicReference<>();
            AtomicReference<Throwable> groupOutcome = new AtomicReference<>();
            Thread groupThread = Thread.ofVirtual().start(() -> {
                try {
                    TaskGroup.run(tg -> {
                        Task<String> slow = tg.fork("slow", () -> {
                            while (release.getCount() > 0) {
                                Thread.onSpinWait(); // ignores cancellation on purpose
                            }
                            return "s";
                        });
                        Task<String> bad = tg.fork("bad", () -> {
                            fail.await();
                            throw new IOException("bad");
                        });
                        tasks.set(List.of(slow, bad));
                        return null;
                    });
                } catch (Throwable e) {
                    groupOutcome.set(e);
                }
            });
            await().until(() -> tasks.get() != null);
            Task<String> slow = tasks.get().get(0);
            Task<String> bad = tasks.get().get(1);
            fail.countDown();
            Done<String> d = Weft.await(tasks.get(), ReturnWhen.FIRST_EXCEPTION);
            assertThat(d.done()).containsExactly(bad);
            assertThat(d.pending()).containsExactly(slow); // its code still runs (the group cancelled it)
            release.countDown();
            groupThread.join();
            assertThat(groupOutcome.get()).isInstanceOf(TaskGroupException.class);
        }

        @Test
        void await_empty_throwsIllegalArgument() {
            assertThatThrownBy(() -> Weft.await(List.<Task<String>>of(), ReturnWhen.ALL_COMPLETED))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class ShieldTests {
        @Test
        void shield_callerCancelled_bodyGoesOn_callerGetsInterruptedAtOnce() throws Exception {
            CountDownLatch bodyStarted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<String> bodyResult = new AtomicReference<>();
            AtomicReference<Throwable> callerSaw = new AtomicReference<>();
            TaskGroupTest.Threads threads = new TaskGroupTest.Threads();
            TaskGroup.run(tg -> {
                Task<String> caller = tg.fork(() -> {
                    try {
                        return Weft.shield(() -> {
                            threads.here();
                            bodyStarted.countDown();
                            release.await();
                            bodyResult.set("finished");
                            return "finished";
                        });
                    } catch (InterruptedException e) {
                        callerSaw.set(e);
                        throw e;
                    }
                });
                bodyStarted.await();
                caller.cancel();
                await().until(() -> callerSaw.get() != null); // at once, while the body still runs
                assertThat(bodyResult.get()).isNull();
                release.countDown(); // the group waits for the shielded body
                return null;
            });
            assertThat(callerSaw.get()).isInstanceOf(InterruptedException.class);
            assertThat(bodyResult.get()).isEqualTo("finished");
            threads.assertAllEnded();
        }

        @Test
        void shield_returnsValueAndRethrowsBodyException() throws Exception {
            assertThat(Weft.run(() -> Weft.shield(() -> 5))).isEqualTo(5);
            IOException boom = new IOException("boom");
            assertThatThrownBy(() -> Weft.<Object, IOException>shield(() -> {
                        throw boom;
                    }))
                    .isSameAs(boom);
        }

        @Test
        void shield_bodyEscapesDeadline() throws Exception {
            String r = Weft.waitFor(
                    Duration.ofMinutes(1),
                    () -> Weft.shield(() -> Weft.deadline().isEmpty() ? "no deadline" : "deadline"));
            assertThat(r).isEqualTo("no deadline");
        }
    }

    @Nested
    class ToThreadTests {
        @Test
        void toThread_runsOnBoundedPlatformPool_returnsResultsAndExceptions() throws Exception {
            Thread worker = Weft.toThread(Thread::currentThread);
            assertThat(worker.isVirtual()).isFalse();
            assertThat(worker.getName()).startsWith("weft-to-thread-");
            IOException boom = new IOException("boom");
            assertThatThrownBy(() -> Weft.<Object, IOException>toThread(() -> {
                        throw boom;
                    }))
                    .isSameAs(boom);
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger maxSeen = new AtomicInteger();
            Weft.map(
                    IntStream.range(0, 64).boxed().toList(),
                    64,
                    i -> Weft.toThread(() -> {
                        maxSeen.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        long end = System.nanoTime() + 1_000_000;
                        while (System.nanoTime() < end) {
                            Thread.onSpinWait();
                        }
                        inFlight.decrementAndGet();
                        return i;
                    }));
            assertThat(maxSeen.get())
                    .isLessThanOrEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
        }

        @Test
        void toThread_callerCancelled_interruptsWorker_returnsOnlyAfterBodyEnded() throws Exception {
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> workerSaw = new AtomicReference<>();
            AtomicReference<Throwable> callerSaw = new AtomicReference<>();
            AtomicInteger bodyEnded = new AtomicInteger();
            TaskGroup.run(tg -> {
                Task<Object> caller = tg.fork(() -> {
                    try {
                        return Weft.toThread(() -> {
                            started.countDown();
                            try {
                                return new CountDownLatch(1).await(1, java.util.concurrent.TimeUnit.HOURS);
                            } catch (InterruptedException e) {
                                workerSaw.set(e);
                                throw e;
                            } finally {
                                bodyEnded.incrementAndGet();
                            }
                        });
                    } catch (InterruptedException e) {
                        callerSaw.set(e);
                        assertThat(bodyEnded).hasValue(1);
                        throw e;
                    }
                });
                started.await();
                caller.cancel();
                return null;
            });
            assertThat(workerSaw.get()).isInstanceOf(InterruptedException.class);
            assertThat(callerSaw.get()).isInstanceOf(InterruptedException.class);
        }
    }
}
