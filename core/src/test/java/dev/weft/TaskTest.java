// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Task is a proper Future: get, state, resultNow, exceptionNow and cancel agree with join. */
@Timeout(60)
class TaskTest {

    @Nested
    class Outcomes {
        @Test
        void success_allViewsAgree() throws Exception {
            TaskGroup.run(tg -> {
                Task<String> t = tg.fork(() -> "ok");
                assertThat(t.join()).isEqualTo("ok");
                assertThat(t.get()).isEqualTo("ok");
                assertThat(t.get(1, TimeUnit.MINUTES)).isEqualTo("ok");
                assertThat(t.join(Duration.ofMinutes(1))).isEqualTo("ok");
                assertThat(t.resultNow()).isEqualTo("ok");
                assertThat(t.state()).isEqualTo(Future.State.SUCCESS);
                assertThat(t.isDone()).isTrue();
                assertThat(t.isCancelled()).isFalse();
                assertThat(t.cancel()).isFalse();
                assertThatThrownBy(t::exceptionNow).isInstanceOf(IllegalStateException.class);
                return null;
            });
        }

        @Test
        void failure_allViewsAgree() throws Exception {
            IOException boom = new IOException("boom");
            AtomicReference<Task<String>> task = new AtomicReference<>();
            assertThatThrownBy(() -> TaskGroup.run(tg -> {
                        task.set(tg.fork("f", () -> {
                            throw boom;
                        }));
                        return null;
                    }))
                    .isInstanceOf(TaskGroupException.class);
            // Checked from outside the group: inside it, the failure cancels the body, whose
            // blocking calls would throw InterruptedException instead.
            Task<String> t = task.get();
            assertThatThrownBy(t::join).isInstanceOf(TaskFailedException.class).hasCause(boom);
            assertThatThrownBy(t::get).isInstanceOf(ExecutionException.class).hasCause(boom);
            assertThatThrownBy(() -> t.join(Duration.ofMinutes(1))).isInstanceOf(TaskFailedException.class);
            assertThatThrownBy(() -> t.get(1, TimeUnit.MINUTES)).isInstanceOf(ExecutionException.class);
            assertThat(t.state()).isEqualTo(Future.State.FAILED);
            assertThat(t.exceptionNow()).isSameAs(boom);
            assertThatThrownBy(t::resultNow).isInstanceOf(IllegalStateException.class);
            assertThat(t.cancel()).isFalse();
            assertThat(t.isDone()).isTrue();
            assertThat(t.isCancelled()).isFalse();
        }

        @Test
        void cancelled_allViewsAgree_andJoinWaitsForThreadEnd() throws Exception {
            CountDownLatch inCatch = new CountDownLatch(1);
            AtomicReference<Thread> thread = new AtomicReference<>();
            TaskGroup.run(tg -> {
                CountDownLatch started = new CountDownLatch(1);
                Task<String> t = tg.fork(() -> {
                    thread.set(Thread.currentThread());
                    started.countDown();
                    try {
                        Weft.sleep(Duration.ofHours(1));
                    } catch (InterruptedException e) {
                        inCatch.countDown(); // swallowed: the task still ends cancelled
                    }
                    return "late";
                });
                started.await();
                assertThat(t.cancel()).isTrue();
                assertThat(t.cancel()).isFalse(); // idempotent
                assertThat(t.cancel(false)).isFalse();
                assertThat(t.isCancelled()).isTrue();
                assertThat(t.isDone()).isTrue();
                assertThat(t.state()).isEqualTo(Future.State.CANCELLED);
                assertThatThrownBy(t::resultNow).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(t::exceptionNow).isInstanceOf(IllegalStateException.class);
                inCatch.await();
                assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
                assertThat(thread.get().isAlive()).isFalse();
                assertThatThrownBy(t::get).isInstanceOf(CancellationException.class);
                return null;
            });
        }

        @Test
        void join_ofCancelledTask_blocksUntilItsCodeEnds() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch inCleanup = new CountDownLatch(1);
            AtomicReference<Thread> thread = new AtomicReference<>();
            TaskGroup.run(tg -> {
                CountDownLatch started = new CountDownLatch(1);
                Task<String> t = tg.fork(() -> {
                    thread.set(Thread.currentThread());
                    started.countDown();
                    try {
                        Weft.sleep(Duration.ofHours(1));
                    } finally {
                        inCleanup.countDown();
                        while (release.getCount() > 0) {
                            Thread.onSpinWait(); // cleanup that ignores the interrupt
                        }
                    }
                    return "never";
                });
                started.await();
                t.cancel();
                inCleanup.await();
                AtomicReference<Thread> joinerThread = new AtomicReference<>();
                Task<Object> joiner = tg.fork(() -> {
                    joinerThread.set(Thread.currentThread());
                    try {
                        return t.join();
                    } catch (CancellationException e) {
                        return e;
                    }
                });
                // The joiner parks in join() although the task is already cancelled (isDone()).
                await().until(() -> joiner.isDone()
                        || (joinerThread.get() != null && joinerThread.get().getState() == Thread.State.WAITING));
                assertThat(joiner.isDone())
                        .as("join returned while the cancelled task still ran")
                        .isFalse();
                assertThat(t.isDone()).isTrue();
                release.countDown();
                assertThat(joiner.join()).isInstanceOf(CancellationException.class);
                assertThat(thread.get().isAlive()).isFalse();
                return null;
            });
        }

        @Test
        void cancelBeforeStart_taskNeverRuns() throws Exception {
            AtomicInteger ran = new AtomicInteger();
            TaskGroup.run(tg -> {
                // Fork and cancel many times: some cancels land before the thread runs.
                for (int i = 0; i < 1000; i++) {
                    Task<Integer> t = tg.fork(ran::incrementAndGet);
                    boolean cancelled = t.cancel();
                    assertThat(t.isCancelled()).isEqualTo(cancelled);
                    if (cancelled) {
                        assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
                    } else {
                        assertThat(t.join()).isPositive();
                    }
                }
                return null;
            });
            assertThat(ran.get()).isLessThanOrEqualTo(1000);
        }

        @RepeatedTest(20)
        void cancelRacingCompletion_stateIsCancelledAndJoinAgree() throws Exception {
            TaskGroup.run(tg -> {
                Task<Integer> t = tg.fork(() -> 1);
                boolean cancelled = t.cancel();
                if (cancelled) {
                    assertThat(t.state()).isEqualTo(Future.State.CANCELLED);
                    assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
                } else {
                    assertThat(t.join()).isEqualTo(1);
                    assertThat(t.state()).isEqualTo(Future.State.SUCCESS);
                }
                assertThat(t.isCancelled()).isEqualTo(cancelled);
                return null;
            });
        }

        @Test
        void taskThrowingInterrupted_endsCancelled_notAFailure() throws Exception {
            TaskGroup.run(tg -> {
                Task<Object> t = tg.fork(() -> {
                    throw new InterruptedException("self");
                });
                assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
                assertThat(t.state()).isEqualTo(Future.State.CANCELLED);
                return null;
            });
        }
    }

    @Nested
    class Waiting {
        @Test
        void joinWithTimeout_throwsTimeoutAndLeavesTaskRunning() throws Exception {
            TaskGroup.run(tg -> {
                CountDownLatch go = new CountDownLatch(1);
                Task<String> t = tg.fork(() -> {
                    go.await();
                    return "done";
                });
                assertThatThrownBy(() -> t.join(Duration.ofMillis(10))).isInstanceOf(TimeoutException.class);
                assertThatThrownBy(() -> t.get(-5, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
                assertThat(t.isDone()).isFalse();
                go.countDown();
                assertThat(t.join()).isEqualTo("done");
                return null;
            });
        }

        @Test
        void join_self_throwsIllegalState() throws Exception {
            TaskGroup.run(tg -> {
                AtomicReference<Task<Object>> self = new AtomicReference<>();
                CountDownLatch set = new CountDownLatch(1);
                Task<Object> t = tg.fork(() -> {
                    set.await();
                    try {
                        return self.get().join();
                    } catch (IllegalStateException e) {
                        return e;
                    }
                });
                self.set(t);
                set.countDown();
                assertThat(t.join()).isInstanceOf(IllegalStateException.class);
                return null;
            });
        }

        @Test
        void join_interruptedWhileWaiting_throwsAndTaskGoesOn() throws Exception {
            TaskGroup.run(tg -> {
                CountDownLatch go = new CountDownLatch(1);
                Task<String> t = tg.fork(() -> {
                    go.await();
                    return "still ran";
                });
                AtomicReference<Thread> joinerThread = new AtomicReference<>();
                Task<Throwable> joiner = tg.fork(() -> {
                    joinerThread.set(Thread.currentThread());
                    try {
                        t.join();
                        return null;
                    } catch (InterruptedException e) {
                        return e;
                    }
                });
                await().until(() ->
                        joinerThread.get() != null && joinerThread.get().getState() == Thread.State.WAITING);
                joiner.cancel();
                assertThatThrownBy(joiner::join).isInstanceOf(CancellationException.class);
                assertThat(t.isDone()).isFalse();
                go.countDown();
                assertThat(t.join()).isEqualTo("still ran");
                return null;
            });
        }
    }

    @Nested
    class OnDone {
        @Test
        void callbacksRunExactlyOnce_inOrder_alsoWhenAddedAfterCompletion() throws Exception {
            List<String> calls = new CopyOnWriteArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            TaskGroup.run(tg -> {
                Task<Integer> t = tg.fork(() -> {
                    go.await();
                    return 1;
                });
                t.onDone(x -> calls.add("a:" + x.state()));
                t.onDone(x -> calls.add("b:" + x.state()));
                go.countDown();
                t.join();
                assertThat(calls).containsExactly("a:SUCCESS", "b:SUCCESS");
                t.onDone(x -> calls.add("c:" + x.state()));
                assertThat(calls).containsExactly("a:SUCCESS", "b:SUCCESS", "c:SUCCESS");
                return null;
            });
            assertThat(calls).hasSize(3);
        }

        @Test
        void callbackRacingCompletion_runsExactlyOnce() throws Exception {
            AtomicInteger runs = new AtomicInteger();
            TaskGroup.run(tg -> {
                for (int i = 0; i < 2000; i++) {
                    Task<Integer> t = tg.fork(() -> 1);
                    t.onDone(x -> runs.incrementAndGet());
                }
                return null;
            });
            assertThat(runs).hasValue(2000);
        }

        @Test
        void throwingCallback_doesNotAffectOthersOrTask() throws Exception {
            AtomicInteger second = new AtomicInteger();
            TaskGroup.run(tg -> {
                Task<Integer> t = tg.fork(() -> 5);
                t.onDone(x -> {
                    throw new IllegalStateException("callback bug");
                });
                t.onDone(x -> second.incrementAndGet());
                assertThat(t.join()).isEqualTo(5);
                return null;
            });
            assertThat(second).hasValue(1);
        }

        @Test
        void nullCallback_throwsNullPointer() throws Exception {
            TaskGroup.run(tg -> {
                Task<Integer> t = tg.fork(() -> 5);
                assertThatThrownBy(() -> t.onDone(null)).isInstanceOf(NullPointerException.class);
                return null;
            });
        }
    }
}
