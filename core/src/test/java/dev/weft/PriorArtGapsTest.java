// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Invariants from the PRIOR-ART table (the "how the peers got it wrong" rows of
 * {@code PRIOR-ART.md}) that an audit found no test for: each nested class pins down one row
 * (A17, A9, A14, J3, S1, S5), and each test names the row it checks in a comment. The tests wait
 * for states (latches, spins, blocking calls), never for time, and run under both engines.
 */
@Timeout(60)
class PriorArtGapsTest {

    static final Duration LONG = Duration.ofHours(1);

    /**
     * The next blocking Weft call of a caller whose cancellation must still be pending: returns
     * what it threw, or an {@link AssertionError} if it slept (the cancellation was lost).
     */
    static Throwable nextBlockingCall() {
        try {
            Weft.sleep(Duration.ofSeconds(10));
            return new AssertionError("Weft.sleep returned: the pending cancellation was lost");
        } catch (Throwable e) {
            return e;
        }
    }

    /** What a task that ran an inner group saw after it was cancelled from outside meanwhile. */
    record CancelledInside(Throwable innerRun, Throwable next, Task<?> task) {}

    /**
     * Forks a task whose code is {@code TaskGroup.run(body)} and then {@link #nextBlockingCall()};
     * cancels the task ({@code Task.cancel()} must return true) once {@code inside} is open.
     */
    static CancelledInside cancelTaskInside(CountDownLatch inside, TaskGroup.Body<Object> body) throws Exception {
        AtomicReference<Throwable> innerRun = new AtomicReference<>();
        AtomicReference<Throwable> next = new AtomicReference<>();
        Task<?>[] task = new Task<?>[1];
        TaskGroup.run(outer -> {
            task[0] = outer.fork(() -> {
                try {
                    TaskGroup.run(body);
                    innerRun.set(new AssertionError("inner TaskGroup.run returned normally"));
                } catch (Throwable e) {
                    innerRun.set(e);
                }
                next.set(nextBlockingCall());
                return null;
            });
            inside.await();
            assertThat(task[0].cancel()).isTrue();
            return null;
        });
        return new CancelledInside(innerRun.get(), next.get(), task[0]);
    }

    // ---- A17: cancelling a group does not mask an unrelated outer deadline or cancel ----

    @Nested
    class GroupCancelDoesNotMaskOuterDeadlineOrCancel {

        /** A group body: the outer deadline fires while it sleeps, then it cancels its own group. */
        String bodyThatCancelsAfterDeadline(TaskGroup tg, AtomicBoolean deadlineSeen) throws InterruptedException {
            tg.fork(TaskGroupTest::sleepForever);
            try {
                Weft.sleep(LONG); // only the outer deadline can end this
            } catch (InterruptedException e) {
                deadlineSeen.set(true);
            }
            tg.cancel();
            Weft.sleep(LONG);
            return "the body slept after its cancellation";
        }

        @Test
        void waitFor_deadlineFiresInsideGroup_thenTgCancel_stillTimesOut() {
            // PRIOR-ART A17: tg.cancel() after the outer waitFor deadline fired does not mask it.
            AtomicBoolean deadlineSeen = new AtomicBoolean();
            assertThatThrownBy(() -> Weft.waitFor(Duration.ofMillis(500), () -> {
                        TaskGroup.run(tg -> bodyThatCancelsAfterDeadline(tg, deadlineSeen));
                        return "TaskGroup.run returned: the deadline was masked";
                    }))
                    .isInstanceOf(TimeoutException.class);
            assertThat(deadlineSeen)
                    .as("the deadline fired while the body was inside the group")
                    .isTrue();
            assertThat(Thread.interrupted())
                    .as("interrupt status after waitFor")
                    .isFalse();
        }

        @Test
        void moveOnAfter_deadlineFiresInsideGroup_thenTgCancel_movesOn() throws Exception {
            // PRIOR-ART A17: tg.cancel() after the outer moveOnAfter deadline fired does not mask it.
            AtomicBoolean deadlineSeen = new AtomicBoolean();
            Optional<String> r = Weft.moveOnAfter(Duration.ofMillis(500), () -> {
                TaskGroup.run(tg -> bodyThatCancelsAfterDeadline(tg, deadlineSeen));
                return "TaskGroup.run returned: the deadline was masked";
            });
            assertThat(r).isEmpty();
            assertThat(deadlineSeen)
                    .as("the deadline fired while the body was inside the group")
                    .isTrue();
            assertThat(Thread.interrupted())
                    .as("interrupt status after moveOnAfter")
                    .isFalse();
        }

        @Test
        void waitFor_tgCancelFirst_thenDeadlineFiresInsideGroup_stillTimesOut() {
            // PRIOR-ART A17: a deadline that fires after tg.cancel(), body still inside, is not masked.
            AtomicBoolean cancelledBeforeDeadline = new AtomicBoolean();
            AtomicBoolean deadlineSeen = new AtomicBoolean();
            assertThatThrownBy(() -> Weft.waitFor(Duration.ofSeconds(3), () -> {
                        TaskGroup.run(tg -> {
                            tg.fork(TaskGroupTest::sleepForever);
                            tg.cancel();
                            cancelledBeforeDeadline.set(
                                    Weft.deadline().orElseThrow().isAfter(Instant.now()));
                            try {
                                Weft.sleep(LONG); // the group's own cancellation ends this at once
                            } catch (InterruptedException own) {
                                Thread.interrupted();
                            }
                            // Outside Weft, so only the deadline's interrupt can end this wait.
                            if (!new CountDownLatch(1).await(30, TimeUnit.SECONDS)) {
                                throw new AssertionError("the outer deadline never interrupted the body");
                            }
                            return null;
                        });
                        return "TaskGroup.run returned: the deadline was masked";
                    }))
                    .isInstanceOf(TimeoutException.class);
            assertThat(cancelledBeforeDeadline)
                    .as("tg.cancel() came before the deadline")
                    .isTrue();
            assertThat(Thread.interrupted())
                    .as("interrupt status after waitFor")
                    .isFalse();
        }

        @Test
        void taskCancelledInsideGroup_thenTgCancel_runThrowsInterrupted_andCancelStaysPending() throws Exception {
            // PRIOR-ART A17: tg.cancel() after an outer Task.cancel() does not mask that cancel.
            CountDownLatch inside = new CountDownLatch(1);
            AtomicBoolean outerCancelSeen = new AtomicBoolean();
            CancelledInside r = cancelTaskInside(inside, tg -> {
                tg.fork(TaskGroupTest::sleepForever);
                inside.countDown();
                try {
                    Weft.sleep(LONG); // only the outer Task.cancel() can end this
                } catch (InterruptedException e) {
                    outerCancelSeen.set(true);
                }
                tg.cancel();
                Weft.sleep(LONG);
                return null;
            });
            assertThat(outerCancelSeen).isTrue();
            assertThat(r.innerRun()).isInstanceOf(InterruptedException.class);
            assertThat(r.next()).isInstanceOf(InterruptedException.class);
            assertThat(r.task().state()).isEqualTo(Future.State.CANCELLED);
        }

        @Test
        void tgCancelFirst_thenTaskCancelledInsideGroup_runThrowsInterrupted_andCancelStaysPending() throws Exception {
            // PRIOR-ART A17: an outer Task.cancel() arriving after tg.cancel(), body still inside, is kept.
            CountDownLatch ready = new CountDownLatch(1);
            CancelledInside r = cancelTaskInside(ready, tg -> {
                tg.fork(TaskGroupTest::sleepForever);
                tg.cancel();
                try {
                    Weft.sleep(LONG); // the group's own cancellation ends this at once
                } catch (InterruptedException own) {
                    Thread.interrupted();
                }
                ready.countDown();
                // Outside Weft, so only the outer Task.cancel()'s interrupt ends this.
                if (!new CountDownLatch(1).await(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("the outer Task.cancel() never interrupted the body");
                }
                return null;
            });
            assertThat(r.innerRun()).isInstanceOf(InterruptedException.class);
            assertThat(r.next()).isInstanceOf(InterruptedException.class);
            assertThat(r.task().state()).isEqualTo(Future.State.CANCELLED);
        }
    }

    // ---- A9: an external cancel racing waitFor's deadline is never a timeout, never lost ----

    @Nested
    class ExternalCancelRacingWaitForDeadline {

        static final int ROUNDS = 300;

        /** What one round's task saw. */
        enum Seen {
            CANCELLED, // waitFor threw InterruptedException
            TIMEOUT_THEN_CANCELLED, // waitFor threw TimeoutException; the next call threw InterruptedException
            TIMEOUT_CANCEL_LOST, // waitFor threw TimeoutException; the next call did not throw
            RETURNED, // waitFor returned: its body cannot
            OTHER
        }

        @Test
        void cancelAtAboutTheDeadline_endsCancelled_neverLost() throws Exception {
            // PRIOR-ART A9: a Task.cancel() racing waitFor's deadline is observed, never swallowed.
            long seed = System.nanoTime();
            Random rnd = new Random(seed);
            int[] counts = new int[Seen.values().length];
            List<String> bad = new ArrayList<>();
            for (int round = 0; round < ROUNDS && bad.isEmpty(); round++) {
                long timeoutNanos = rnd.nextLong(2_000_000); // 0 to 2 ms
                long jitterNanos = rnd.nextLong(-1_000_000, 1_000_000); // cancel up to 1 ms either side
                AtomicLong deadlineAt = new AtomicLong();
                AtomicBoolean cancelRequested = new AtomicBoolean();
                AtomicReference<Seen> seen = new AtomicReference<>();
                AtomicReference<Throwable> other = new AtomicReference<>();
                long[] cancelDoneAt = new long[1];
                boolean[] cancelReturned = new boolean[1];
                Task<?>[] task = new Task<?>[1];
                TaskGroup.run(tg -> {
                    task[0] = tg.fork(() -> {
                        // Published before waitFor computes its own deadline, which is no earlier.
                        deadlineAt.set(System.nanoTime() + timeoutNanos);
                        try {
                            Weft.waitFor(Duration.ofNanos(timeoutNanos), () -> {
                                Weft.sleep(LONG);
                                return null;
                            });
                            seen.set(Seen.RETURNED);
                            return "returned";
                        } catch (InterruptedException e) {
                            seen.set(Seen.CANCELLED);
                            throw e;
                        } catch (TimeoutException e) {
                            while (!cancelRequested.get()) {
                                Thread.yield();
                            }
                            try {
                                Weft.sleep(Duration.ZERO); // checks for cancellation, blocks no further
                            } catch (InterruptedException ie) {
                                seen.set(Seen.TIMEOUT_THEN_CANCELLED);
                                throw ie;
                            }
                            seen.set(Seen.TIMEOUT_CANCEL_LOST);
                            return "the cancel was lost";
                        } catch (Throwable e) {
                            other.set(e);
                            seen.set(Seen.OTHER);
                            throw e;
                        }
                    });
                    while (deadlineAt.get() == 0L) {
                        Thread.onSpinWait();
                    }
                    long at = deadlineAt.get() + jitterNanos;
                    while (System.nanoTime() - at < 0L) {
                        Thread.onSpinWait();
                    }
                    cancelReturned[0] = task[0].cancel();
                    cancelDoneAt[0] = System.nanoTime();
                    cancelRequested.set(true);
                    return null;
                });
                Seen s = seen.get();
                counts[s.ordinal()]++;
                String where = "round " + round + " (seed " + seed + ", timeout " + timeoutNanos + " ns, cancel at "
                        + jitterNanos + " ns from the deadline)";
                if (!cancelReturned[0]) {
                    bad.add(where + ": cancel() returned false; the task saw " + s + " " + other.get());
                } else if (s != Seen.CANCELLED && s != Seen.TIMEOUT_THEN_CANCELLED) {
                    bad.add(where + ": the task saw " + s + " " + other.get());
                } else if (s == Seen.TIMEOUT_THEN_CANCELLED && cancelDoneAt[0] - deadlineAt.get() < 0L) {
                    bad.add(where + ": cancelled before the deadline, yet waitFor threw TimeoutException");
                } else if (task[0].state() != Future.State.CANCELLED) {
                    bad.add(where + ": the task ended " + task[0].state());
                } else {
                    Task<?> t = task[0];
                    assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
                }
            }
            System.out.printf(
                    "PriorArtGapsTest A9: %s, seed %d%n",
                    Arrays.toString(Seen.values()) + " = " + Arrays.toString(counts), seed);
            assertThat(bad).isEmpty();
        }
    }

    // ---- A14: after a group exits, the caller's pending cancellation = at entry + external ----

    @Nested
    class PendingCancellationAfterGroupExit {

        @Test
        void platformOpenerInterruptedFromOutside_bodyReplacesInterrupt_interruptKept() throws Exception {
            // PRIOR-ART A14: an external interrupt of the opener survives a body that replaced it.
            CountDownLatch inside = new CountDownLatch(1);
            AtomicReference<Throwable> runOutcome = new AtomicReference<>();
            AtomicBoolean interruptedAfter = new AtomicBoolean();
            IOException replaced = new IOException("replaced the InterruptedException");
            Thread opener = Thread.ofPlatform().start(() -> {
                try {
                    TaskGroup.run(tg -> {
                        tg.fork(TaskGroupTest::sleepForever);
                        inside.countDown();
                        try {
                            Weft.sleep(LONG); // only the outside interrupt can end this
                        } catch (InterruptedException e) {
                            throw replaced;
                        }
                        return null;
                    });
                    runOutcome.set(new AssertionError("TaskGroup.run returned normally"));
                } catch (Throwable e) {
                    runOutcome.set(e);
                }
                interruptedAfter.set(Thread.currentThread().isInterrupted());
            });
            inside.await();
            opener.interrupt(); // if it lands before the sleep starts, the sleep throws at once
            opener.join();
            assertThat(runOutcome.get()).isInstanceOf(TaskGroupException.class).hasCause(replaced);
            assertThat(interruptedAfter)
                    .as("the outside interrupt is still pending")
                    .isTrue();
        }

        @Test
        void taskOpenerCancelledFromOutside_bodyReplacesInterrupt_nextCallThrows() throws Exception {
            // PRIOR-ART A14: an external Task.cancel() of the opener survives a body that replaced it.
            CountDownLatch inside = new CountDownLatch(1);
            IOException replaced = new IOException("replaced the InterruptedException");
            CancelledInside r = cancelTaskInside(inside, tg -> {
                tg.fork(TaskGroupTest::sleepForever);
                inside.countDown();
                try {
                    Weft.sleep(LONG); // only the outside Task.cancel() can end this
                } catch (InterruptedException e) {
                    throw replaced;
                }
                return null;
            });
            assertThat(r.innerRun()).isInstanceOf(TaskGroupException.class).hasCause(replaced);
            assertThat(r.next()).isInstanceOf(InterruptedException.class);
            assertThat(r.task().state()).isEqualTo(Future.State.CANCELLED);
        }

        @Test
        void noExternalRequest_bodyReplacesGroupsOwnInterrupt_noInterruptLeaks() {
            // PRIOR-ART A14: with no external request, the group's own cancellation does not leak out.
            IOException boom = new IOException("child failed");
            IllegalStateException replaced = new IllegalStateException("replaced the InterruptedException");
            CountDownLatch inside = new CountDownLatch(1);
            assertThatThrownBy(() -> TaskGroup.run(tg -> {
                        tg.fork(() -> {
                            inside.await();
                            throw boom;
                        });
                        inside.countDown();
                        try {
                            Weft.sleep(LONG); // the child's failure cancels the group, which ends this
                        } catch (InterruptedException e) {
                            throw replaced;
                        }
                        return null;
                    }))
                    .isInstanceOf(TaskGroupException.class)
                    .hasCause(boom);
            assertThat(Thread.interrupted())
                    .as("interrupt status after the group")
                    .isFalse();
        }
    }

    // ---- J3: cancel() is idempotent, never throws, and works before the task starts ----

    @Nested
    class SafeIdempotentCancel {

        @Test
        void cancelBeforeStart_trueThenFalse_bodyNeverRuns_joinAndGetThrowCancellation() throws Exception {
            // PRIOR-ART J3: cancel() before the task starts works, once; the body never runs.
            AtomicBoolean ran = new AtomicBoolean();
            Task<?>[] task = new Task<?>[1];
            boolean[] cancels = new boolean[3];
            TaskGroup.run(tg -> {
                // Every carrier is busy: the forked task's thread cannot start until the freeze ends.
                try (var frozen = SyncTesting.freezeVirtualThreads()) {
                    task[0] = tg.fork(() -> {
                        ran.set(true);
                        return 1;
                    });
                    cancels[0] = task[0].cancel();
                    cancels[1] = task[0].cancel();
                    cancels[2] = task[0].cancel(false);
                    assertThat(task[0].isCancelled()).isTrue();
                    assertThat(task[0].isDone()).isTrue();
                }
                return null;
            });
            Task<?> t = task[0];
            assertThat(cancels).containsExactly(true, false, false);
            assertThat(ran).as("the body ran").isFalse();
            assertThat(t.isCancelled()).isTrue();
            assertThat(t.state()).isEqualTo(Future.State.CANCELLED);
            assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
            assertThatThrownBy(t::get).isInstanceOf(CancellationException.class);
            assertThatCode(t::cancel).doesNotThrowAnyException();
        }

        @Test
        void cancelAfterSuccess_returnsFalse_neverThrows_resultStays() throws Exception {
            // PRIOR-ART J3: cancel() of an ended task returns false, does not throw, changes nothing.
            Task<?>[] task = new Task<?>[1];
            TaskGroup.run(tg -> {
                task[0] = tg.fork(() -> 42);
                assertThat(task[0].join()).isEqualTo(42);
                assertThat(task[0].cancel()).isFalse();
                return null;
            });
            Task<?> t = task[0];
            assertThat(t.cancel()).isFalse();
            assertThat(t.cancel(true)).isFalse();
            assertThat(t.isCancelled()).isFalse();
            assertThat(t.state()).isEqualTo(Future.State.SUCCESS);
            assertThat(t.resultNow()).isEqualTo(42);
            assertThat(t.join()).isEqualTo(42);
            assertThat(t.get()).isEqualTo(42);
        }

        @Test
        void concurrentCancels_exactlyOneTrue_noneThrows() throws Exception {
            // PRIOR-ART J3: cancel() from many threads at once: one wins, none throws.
            int threads = 8;
            AtomicInteger wins = new AtomicInteger();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch go = new CountDownLatch(1);
            Task<?>[] task = new Task<?>[1];
            TaskGroup.run(tg -> {
                task[0] = tg.fork(() -> {
                    running.countDown();
                    return TaskGroupTest.sleepForever();
                });
                running.await();
                List<Thread> cancellers = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    cancellers.add(Thread.ofPlatform().start(() -> {
                        try {
                            go.await();
                            if (task[0].cancel()) {
                                wins.incrementAndGet();
                            }
                        } catch (Throwable e) {
                            thrown.set(e);
                        }
                    }));
                }
                go.countDown();
                for (Thread c : cancellers) {
                    c.join();
                }
                return null;
            });
            assertThat(thrown.get()).isNull();
            assertThat(wins).hasValue(1);
            assertThat(task[0].state()).isEqualTo(Future.State.CANCELLED);
        }
    }

    // ---- S1: the body is interrupted when a child fails, wherever it is blocked ----

    @Nested
    class BodyInterruptedByChildFailureWhereverBlocked {

        @FunctionalInterface
        interface BlockingTake {
            Object take() throws InterruptedException;
        }

        /**
         * Runs a group whose body blocks in {@code take} while a child fails once the body is
         * blocked (its thread is WAITING); asserts the group reports the child's failure.
         */
        void assertBodyInterrupted(BlockingTake take) {
            // The body runs in this (platform) thread.
            Thread body = Thread.currentThread();
            IOException boom = new IOException("child failed");
            CountDownLatch blocking = new CountDownLatch(1);
            AtomicBoolean bodyInterrupted = new AtomicBoolean();
            AtomicReference<Object> taken = new AtomicReference<>();
            assertThatThrownBy(() -> TaskGroup.run(tg -> {
                        tg.fork(() -> {
                            blocking.await();
                            SyncTesting.spinUntil(() -> body.getState() == Thread.State.WAITING);
                            throw boom;
                        });
                        blocking.countDown();
                        try {
                            taken.set(take.take());
                        } catch (InterruptedException e) {
                            bodyInterrupted.set(true);
                            throw e;
                        }
                        return null;
                    }))
                    .isInstanceOf(TaskGroupException.class)
                    .hasCause(boom)
                    .satisfies(
                            e -> assertThat(((TaskGroupException) e).failures()).containsExactly(boom));
            assertThat(bodyInterrupted)
                    .as("the body's blocking call threw InterruptedException")
                    .isTrue();
            assertThat(taken.get()).as("what the body took").isNull();
            assertThat(Thread.interrupted())
                    .as("interrupt status after the group")
                    .isFalse();
        }

        @Test
        void bodyBlockedInWeftQueueGet() throws Exception {
            // PRIOR-ART S1: a child's failure interrupts a body blocked in Weft's Queue.get().
            Queue<String> q = new Queue<>();
            assertBodyInterrupted(q::get);
            assertThat(q.size()).isZero();
        }

        @Test
        void bodyBlockedInJdkLinkedBlockingQueueTake() throws Exception {
            // PRIOR-ART S1: a child's failure interrupts a body blocked in LinkedBlockingQueue.take().
            LinkedBlockingQueue<String> q = new LinkedBlockingQueue<>();
            assertBodyInterrupted(q::take);
            assertThat(q).isEmpty();
        }

        @Test
        void bodyBlockedInQueueBlockingQueueViewTake() throws Exception {
            // PRIOR-ART S1: a child's failure interrupts a body blocked in queue.asBlockingQueue().take().
            Queue<String> q = new Queue<>();
            BlockingQueue<String> view = q.asBlockingQueue();
            assertBodyInterrupted(view::take);
            assertThat(view).isEmpty();
            assertThat(q.size()).isZero();
        }
    }

    // ---- S5: fork after close or cancel gives a specific, stable outcome ----

    @Nested
    class ForkIntoEndedOrCancelledGroup {

        @Test
        void forkAfterRunReturned_throwsIllegalStateSayingTheGroupHasEnded() throws Exception {
            // PRIOR-ART S5: fork into a group that has ended throws IllegalStateException naming it.
            AtomicBoolean ran = new AtomicBoolean();
            TaskGroup[] saved = new TaskGroup[1];
            TaskGroup.run("crawl", tg -> saved[0] = tg);
            assertThatThrownBy(() -> saved[0].fork(() -> ran.getAndSet(true)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("crawl")
                    .hasMessageContaining("has ended");
            assertThatThrownBy(() -> saved[0].forkDaemon(() -> ran.getAndSet(true)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has ended");
            assertThat(ran).isFalse();
        }

        @Test
        void forkAfterJoinOrClose_throwsIllegalStateSayingTheGroupHasEnded() throws Exception {
            // PRIOR-ART S5: fork after open()/join() or open()/close() throws IllegalStateException.
            AtomicBoolean ran = new AtomicBoolean();
            TaskGroup joined = TaskGroup.open();
            joined.join();
            assertThatThrownBy(() -> joined.fork(() -> ran.getAndSet(true)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has ended");
            joined.close();

            TaskGroup closed = TaskGroup.open();
            closed.close();
            assertThatThrownBy(() -> closed.fork("late", () -> ran.getAndSet(true)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has ended");
            assertThat(ran).isFalse();
        }

        @Test
        void forkIntoCancelledGroup_neverRuns_joinAndGetThrowCancellation_stateCancelled() throws Exception {
            // PRIOR-ART S5: a task forked into a cancelled group is cancelled at once and never runs.
            AtomicBoolean ran = new AtomicBoolean();
            Task<?>[] task = new Task<?>[1];
            Future.State[] stateAtFork = new Future.State[1];
            TaskGroup.run(tg -> {
                tg.cancel();
                task[0] = tg.fork("late", () -> ran.getAndSet(true));
                stateAtFork[0] = task[0].state();
                return null;
            });
            Task<?> t = task[0];
            assertThat(stateAtFork[0]).as("state as fork returned").isEqualTo(Future.State.CANCELLED);
            assertThat(ran).as("the body ran").isFalse();
            assertThat(t.isCancelled()).isTrue();
            assertThat(t.state()).isEqualTo(Future.State.CANCELLED);
            assertThatThrownBy(t::join)
                    .isInstanceOf(CancellationException.class)
                    .hasMessageContaining("late");
            assertThatThrownBy(t::get).isInstanceOf(CancellationException.class).hasMessageContaining("late");
        }
    }
}
