// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static dev.weft.SyncTesting.spinUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Task#toCompletableFuture()} and {@link Weft#join(CompletionStage)}: the two bridges
 * between Weft tasks and {@link CompletionStage}s (README, "Using Weft with existing java.util.concurrent code").
 */
@Timeout(60)
class CompletableFutureBridgeTest {

    @Nested
    class ToCompletableFuture {
        @Test
        void taskSucceeds_futureCompletesWithItsValue() throws Exception {
            TaskThreads tt = new TaskThreads();
            int[] written = {0};
            CompletableFuture<Integer> f = TaskGroup.run(tg -> {
                CountDownLatch go = new CountDownLatch(1);
                Task<Integer> t = tt.fork(tg, () -> {
                    go.await();
                    written[0] = 41; // plain write, published by the task's end
                    return 42;
                });
                CompletableFuture<Integer> cf = t.toCompletableFuture();
                assertThat(cf.isDone()).isFalse();
                go.countDown();
                assertThat(cf.get()).isEqualTo(42);
                assertThat(written[0]).isEqualTo(41);
                return cf;
            });
            tt.assertAllEnded();
            assertThat(f.join()).isEqualTo(42);
        }

        @Test
        void taskFails_futureCompletesExceptionallyWithTheSameException() throws Exception {
            IOException boom = new IOException("boom");
            AtomicReference<CompletableFuture<Object>> f = new AtomicReference<>();
            TaskThreads tt = new TaskThreads();
            assertThatThrownBy(() -> TaskGroup.run(tg -> {
                        f.set(tt.fork(tg, () -> {
                                    throw boom;
                                })
                                .toCompletableFuture());
                        return null;
                    }))
                    .isInstanceOf(TaskGroupException.class)
                    .hasCause(boom);
            tt.assertAllEnded();
            assertThat(f.get().isCompletedExceptionally()).isTrue();
            assertThatThrownBy(f.get()::get)
                    .isInstanceOf(ExecutionException.class)
                    .hasCause(boom);
            assertThatThrownBy(f.get()::join)
                    .isInstanceOf(CompletionException.class)
                    .hasCause(boom);
        }

        @Test
        void taskCancelled_futureIsCancelled() throws Exception {
            TaskThreads tt = new TaskThreads();
            CompletableFuture<Object> f = TaskGroup.run(tg -> {
                Task<Object> t = tt.fork(tg, () -> {
                    Weft.sleep(Duration.ofHours(1));
                    return null;
                });
                CompletableFuture<Object> cf = t.toCompletableFuture();
                t.cancel();
                return cf;
            });
            tt.assertAllEnded();
            assertThat(f.isCancelled()).isTrue();
            assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
        }

        @Test
        void futureCancelled_taskGoesOnAndSucceeds() throws Exception {
            TaskThreads tt = new TaskThreads();
            Task<String> task = TaskGroup.run(tg -> {
                CountDownLatch go = new CountDownLatch(1);
                Task<String> t = tt.fork(tg, () -> {
                    go.await();
                    return "done";
                });
                CompletableFuture<String> cf = t.toCompletableFuture();
                assertThat(cf.cancel(true)).isTrue();
                assertThat(t.isCancelled()).isFalse();
                go.countDown();
                assertThat(t.join()).isEqualTo("done");
                assertThat(cf.isCancelled()).isTrue();
                return t;
            });
            tt.assertAllEnded();
            assertThat(task.state()).isEqualTo(Task.State.SUCCESS);
        }

        @Test
        void taskAlreadyEnded_futureIsCompletedAtOnce() throws Exception {
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                Task<String> t = tt.fork(tg, () -> "x");
                t.join();
                CompletableFuture<String> cf = t.toCompletableFuture();
                assertThat(cf.isDone()).isTrue();
                assertThat(cf.getNow(null)).isEqualTo("x");
                return null;
            });
            tt.assertAllEnded();
        }
    }

    @Nested
    class Join {
        @Test
        void completedStage_returnsItsValue_includingNull() throws Exception {
            assertThat(Weft.join(CompletableFuture.completedFuture("v"))).isEqualTo("v");
            assertThat(Weft.<Object>join(CompletableFuture.completedFuture(null)))
                    .isNull();
            assertThat(Weft.join(CompletableFuture.completedStage(7))).isEqualTo(7);
        }

        @Test
        void pendingStage_waitsUntilAnotherThreadCompletesIt() throws Exception {
            CompletableFuture<String> cf = new CompletableFuture<>();
            TaskThreads tt = new TaskThreads();
            String got = TaskGroup.run(tg -> {
                AtomicReference<Thread> joiner = new AtomicReference<>();
                Task<String> t = tt.fork(tg, () -> {
                    joiner.set(Thread.currentThread());
                    return Weft.join(cf.thenApply(s -> s + "!"));
                });
                spinUntil(() -> joiner.get() != null && joiner.get().getState() == Thread.State.WAITING);
                assertThat(t.isDone()).isFalse();
                Thread.ofVirtual().start(() -> cf.complete("late")).join();
                return t.join();
            });
            tt.assertAllEnded();
            assertThat(got).isEqualTo("late!");
        }

        @Test
        void failedStage_throwsTaskFailedException_causeUnwrappedFromCompletionException() {
            IOException boom = new IOException("boom");
            assertThatThrownBy(() -> Weft.join(CompletableFuture.failedFuture(boom)))
                    .isInstanceOf(TaskFailedException.class)
                    .hasCause(boom);
            CompletableFuture<String> dependent = CompletableFuture.completedFuture("x")
                    .thenApply(s -> {
                        throw new IllegalArgumentException("in a dependent stage");
                    });
            assertThatThrownBy(() -> Weft.join(dependent))
                    .isInstanceOf(TaskFailedException.class)
                    .cause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("in a dependent stage");
        }

        @Test
        void cancelledStage_throwsCancellationException() {
            CompletableFuture<String> cf = new CompletableFuture<>();
            cf.cancel(false);
            assertThatThrownBy(() -> Weft.join(cf)).isInstanceOf(CancellationException.class);
            assertThatThrownBy(() -> Weft.join(cf.thenApply(s -> s))).isInstanceOf(CancellationException.class);
        }

        @Test
        void callerInterruptedWhileWaiting_throwsIe_statusCleared_stageCancelled() throws Exception {
            CompletableFuture<String> cf = new CompletableFuture<>();
            TaskThreads tt = new TaskThreads();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean statusAfter = new AtomicBoolean(true);
            TaskGroup.run(tg -> {
                Thread th = tt.forkAndGetThread(tg, () -> {
                    try {
                        Weft.join(cf);
                    } catch (InterruptedException e) {
                        thrown.set(e);
                        statusAfter.set(Thread.currentThread().isInterrupted());
                    }
                    return null;
                });
                spinUntil(() -> th.getState() == Thread.State.WAITING);
                th.interrupt();
                return null;
            });
            tt.assertAllEnded();
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
            assertThat(statusAfter.get()).isFalse();
            assertThat(cf.isCancelled()).isTrue();
        }

        @Test
        void callerTaskCancelledWhileWaiting_taskEndsCancelled_stageCancelled() throws Exception {
            CompletableFuture<String> cf = new CompletableFuture<>();
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                AtomicReference<Thread> joiner = new AtomicReference<>();
                Task<String> t = tt.fork(tg, () -> {
                    joiner.set(Thread.currentThread());
                    return Weft.join(cf);
                });
                spinUntil(() -> joiner.get() != null && joiner.get().getState() == Thread.State.WAITING);
                t.cancel();
                assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
                return null;
            });
            tt.assertAllEnded();
            assertThat(cf.isCancelled()).isTrue();
        }

        @Test
        void alreadyInterruptedOrCancelledCaller_throwsIeAtOnce_andCancelsTheStage() throws Exception {
            CompletableFuture<String> a = new CompletableFuture<>();
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> Weft.join(a)).isInstanceOf(InterruptedException.class);
            assertThat(Thread.interrupted()).isFalse();
            assertThat(a.isCancelled()).isTrue();

            CompletableFuture<String> b = new CompletableFuture<>();
            TaskThreads tt = new TaskThreads();
            assertThat(CancelledTask.nextCallAfterSwallowedCancel(() -> {
                        tt.enter();
                        Weft.join(b);
                    }))
                    .isInstanceOf(InterruptedException.class);
            tt.assertAllEnded();
            assertThat(b.isCancelled()).isTrue();
        }

        @Test
        void copyOfASharedFuture_cancellingOneWaiterLeavesTheOriginal() throws Exception {
            CompletableFuture<String> shared = new CompletableFuture<>();
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> Weft.join(shared.copy())).isInstanceOf(InterruptedException.class);
            assertThat(shared.isCancelled()).isFalse();
            shared.complete("still usable");
            assertThat(Weft.join(shared)).isEqualTo("still usable");
        }

        @Test
        void waitForDeadline_cancelsTheWaitAndTheStage_reportedAsTimeout() {
            CompletableFuture<String> never = new CompletableFuture<>();
            assertThatThrownBy(() -> Weft.waitFor(Duration.ofMillis(50), () -> Weft.join(never)))
                    .isInstanceOf(TimeoutException.class);
            assertThat(never.isCancelled()).isTrue();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }

        @Test
        void stageThatIsNotAFuture_works_andOneThatCannotBeCancelledIsLeftAlone() throws Exception {
            CompletableFuture<String> backing = new CompletableFuture<>();
            CompletionStage<String> minimal = backing.minimalCompletionStage();
            backing.complete("m");
            assertThat(Weft.join(minimal)).isEqualTo("m");

            CompletableFuture<String> pending = new CompletableFuture<>();
            CompletionStage<String> refusing = refusingToCompletableFuture(pending.minimalCompletionStage());
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> Weft.join(refusing))
                    .isInstanceOf(InterruptedException.class)
                    .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
            assertThat(pending.isDone()).isFalse();
        }

        @Test
        void nullStage_throwsNpe() {
            assertThatThrownBy(() -> Weft.join(null)).isInstanceOf(NullPointerException.class);
        }

        /** A stage whose toCompletableFuture() throws UnsupportedOperationException, as some libraries' do. */
        @SuppressWarnings("unchecked")
        static <T> CompletionStage<T> refusingToCompletableFuture(CompletionStage<T> delegate) {
            return (CompletionStage<T>) Proxy.newProxyInstance(
                    CompletionStage.class.getClassLoader(), new Class<?>[] {CompletionStage.class}, (p, m, args) -> {
                        if (m.getName().equals("toCompletableFuture")) {
                            throw new UnsupportedOperationException("not a future");
                        }
                        try {
                            return m.invoke(delegate, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
