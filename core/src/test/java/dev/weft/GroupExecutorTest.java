// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static dev.weft.SyncTesting.spinUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * {@link TaskGroup#asExecutorService()} against the {@link ExecutorService} contract, as the
 * JDK's TCK states it (AbstractExecutorServiceTest and the lifecycle tests of
 * ThreadPoolExecutorTest: semantics re-written from the contract, not the TCK's files), plus
 * what Weft adds: every task is a task of the group (it waits for them, cancelling it cancels
 * them), execute() failures fail the group, submit() failures stay in their Future and are
 * logged once if never retrieved.
 */
@Timeout(60)
class GroupExecutorTest {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger taskLogger = (Logger) LoggerFactory.getLogger(Task.class);
    private final Logger groupLogger = (Logger) LoggerFactory.getLogger(TaskGroup.class);

    @BeforeEach
    void attach() {
        appender.start();
        taskLogger.addAppender(appender);
        groupLogger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        taskLogger.detachAppender(appender);
        groupLogger.detachAppender(appender);
    }

    private List<ILoggingEvent> warnings() {
        return appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    }

    /** A callable that records its thread in {@code tt}, then returns {@code value}. */
    static <T> Callable<T> recorded(TaskThreads tt, T value) {
        return () -> {
            tt.enter();
            return value;
        };
    }

    // ------------------------------------------------------------------------------------------

    @Nested
    class ExecuteAndSubmit {
        @Test
        void execute_runsTheRunnableAsATaskOfTheGroup_groupWaitsForIt() throws Exception {
            TaskThreads tt = new TaskThreads();
            CountDownLatch go = new CountDownLatch(1);
            AtomicBoolean ran = new AtomicBoolean();
            TaskGroup.run(tg -> {
                tg.asExecutorService().execute(() -> {
                    tt.enter();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    ran.set(true);
                });
                spinUntil(() -> tt.threadCount() == 1);
                go.countDown();
                return null; // the body ends first; the group still waits for the task
            });
            assertThat(ran.get()).isTrue();
            tt.assertAllEnded();
        }

        @Test
        void submit_callableRunnableAndRunnableWithResult_futuresReportTheirResults() throws Exception {
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                ExecutorService ex = tg.asExecutorService();
                Future<String> a = ex.submit(recorded(tt, "callable"));
                Future<?> b = ex.submit(() -> tt.enter());
                Future<String> c = ex.submit(() -> tt.enter(), "result");
                assertThat(a.get()).isEqualTo("callable");
                assertThat(b.get()).isNull();
                assertThat(c.get()).isEqualTo("result");
                assertThat(a).isInstanceOf(Task.class);
                for (Future<?> f : List.of(a, b, c)) {
                    tt.add((Task<?>) f);
                }
                return null;
            });
            tt.assertAllEnded();
            assertThat(tt.threadCount()).isEqualTo(3);
        }

        @Test
        void nullArguments_throwNpe() throws Exception {
            TaskGroup.run(tg -> {
                ExecutorService ex = tg.asExecutorService();
                assertThatThrownBy(() -> ex.execute(null)).isInstanceOf(NullPointerException.class);
                assertThatThrownBy(() -> ex.submit((Runnable) null)).isInstanceOf(NullPointerException.class);
                assertThatThrownBy(() -> ex.submit((Runnable) null, "x")).isInstanceOf(NullPointerException.class);
                assertThatThrownBy(() -> ex.submit((Callable<String>) null)).isInstanceOf(NullPointerException.class);
                assertThatThrownBy(() -> ex.invokeAll(null)).isInstanceOf(NullPointerException.class);
                assertThatThrownBy(() -> ex.invokeAny(null)).isInstanceOf(NullPointerException.class);
                assertThatThrownBy(() -> ex.awaitTermination(1, null)).isInstanceOf(NullPointerException.class);
                ex.shutdown();
                assertThat(ex.isTerminated()).as("nothing was started").isTrue();
                return null;
            });
        }

        @Test
        void submittedTaskThrows_getThrowsExecutionException_groupDoesNotFail() throws Exception {
            IOException boom = new IOException("boom");
            TaskThreads tt = new TaskThreads();
            String outcome = TaskGroup.run(tg -> {
                ExecutorService ex = tg.asExecutorService();
                Future<Object> f = ex.submit(() -> {
                    tt.enter();
                    throw boom;
                });
                tt.add((Task<?>) f);
                assertThatThrownBy(f::get)
                        .isInstanceOf(ExecutionException.class)
                        .hasCause(boom);
                return "group went on";
            });
            tt.assertAllEnded();
            assertThat(outcome).isEqualTo("group went on");
            assertThat(warnings()).isEmpty(); // retrieved by get()
        }

        @Test
        void submittedFailureNeverRetrieved_isLoggedOnceAtTheGroupsEnd() throws Exception {
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                Future<Object> f = tg.asExecutorService().submit(() -> {
                    tt.enter();
                    throw new IOException("nobody looks");
                });
                tt.add((Task<?>) f);
                return null;
            });
            tt.assertAllEnded();
            assertThat(warnings()).singleElement().satisfies(e -> {
                assertThat(e.getFormattedMessage()).contains("never retrieved");
                assertThat(e.getThrowableProxy().getMessage()).isEqualTo("nobody looks");
            });
        }

        @Test
        void submittedFailureHandedToACompletableFuture_isNotLogged() throws Exception {
            AtomicReference<Throwable> seen = new AtomicReference<>();
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                Future<Object> f = tg.asExecutorService().submit(() -> {
                    tt.enter();
                    throw new IOException("converted");
                });
                tt.add((Task<?>) f);
                ((Task<Object>) f).toCompletableFuture().whenComplete((v, e) -> seen.set(e));
                return null;
            });
            tt.assertAllEnded();
            assertThat(seen.get()).hasMessage("converted");
            assertThat(warnings()).isEmpty();
        }

        @Test
        void executedRunnableThrows_failsTheGroup_andCancelsTheOtherTasks() throws Exception {
            TaskThreads tt = new TaskThreads();
            AtomicBoolean siblingCancelled = new AtomicBoolean();
            CountDownLatch siblingRunning = new CountDownLatch(1);
            assertThatThrownBy(() -> TaskGroup.run(tg -> {
                        ExecutorService ex = tg.asExecutorService();
                        tt.add((Task<?>) ex.submit(() -> {
                            tt.enter();
                            siblingRunning.countDown();
                            try {
                                Weft.sleep(Duration.ofHours(1));
                            } catch (InterruptedException e) {
                                siblingCancelled.set(true);
                                throw e;
                            }
                            return null;
                        }));
                        siblingRunning.await();
                        ex.execute(() -> {
                            tt.enter();
                            throw new IllegalStateException("executed and failed");
                        });
                        return null;
                    }))
                    .isInstanceOf(TaskGroupException.class)
                    .cause()
                    .hasMessage("executed and failed");
            tt.assertAllEnded();
            assertThat(siblingCancelled.get()).isTrue();
        }

        @Test
        void getOfASubmittedTask_interrupted_throwsIe() throws Exception {
            TaskThreads tt = new TaskThreads();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            CountDownLatch release = new CountDownLatch(1);
            TaskGroup.run(tg -> {
                ExecutorService ex = tg.asExecutorService();
                Future<Object> slow = ex.submit(() -> {
                    tt.enter();
                    release.await();
                    return null;
                });
                Thread waiter = tt.forkAndGetThread(tg, () -> {
                    try {
                        slow.get();
                    } catch (InterruptedException e) {
                        thrown.set(e);
                    }
                    return null;
                });
                spinUntil(() -> waiter.getState() == Thread.State.WAITING);
                waiter.interrupt();
                spinUntil(() -> thrown.get() != null);
                release.countDown();
                return null;
            });
            tt.assertAllEnded();
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        }

        @Test
        void methodsCalledFromTasksOfTheGroupAndFromOutside_forkIntoTheGroup() throws Exception {
            TaskThreads tt = new TaskThreads();
            AtomicReference<Future<String>> fromOutside = new AtomicReference<>();
            String inner = TaskGroup.run(tg -> {
                ExecutorService ex = tg.asExecutorService();
                Task<String> t =
                        tt.fork(tg, () -> ex.submit(recorded(tt, "from a task")).get());
                Thread outsider =
                        Thread.ofPlatform().start(() -> fromOutside.set(ex.submit(recorded(tt, "from outside"))));
                outsider.join();
                tt.add((Task<?>) fromOutside.get());
                return t.join();
            });
            tt.assertAllEnded();
            assertThat(inner).isEqualTo("from a task");
            assertThat(fromOutside.get().get()).isEqualTo("from outside");
        }
    }

    @Nested
    class InvokeAll {
        @Test
        void invokeAll_emptyNullOrNullElement_returnsEmptyOrThrowsNpe() throws Exception {
            TaskGroup.run(tg -> {
                ExecutorService ex = tg.asExecutorService();
                assertThat(ex.invokeAll(List.of())).isEmpty();
                List<Callable<String>> withNull = new ArrayList<>();
                withNull.add(() -> "a");
                withNull.add(null);
                assertThatThrownBy(() -> ex.invokeAll(withNull)).isInstanceOf(NullPointerException.class);
                assertThatThrownBy(() -> ex.invokeAll(withNull, 1, TimeUnit.SECONDS))
                        .isInstanceOf(NullPointerException.class);
                assertThatThrownBy(() -> ex.invokeAll(List.of(() -> "a"), 1, null))
                        .isInstanceOf(NullPointerException.class);
                ex.shutdown();
                assertThat(ex.isTerminated()).as("nothing was started").isTrue();
                return null;
            });
        }

        @Test
        void invokeAll_returnsEveryFutureDone_inInputOrder_failuresInTheirFutures() throws Exception {
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                ExecutorService ex = tg.asExecutorService();
                List<Future<String>> fs = ex.invokeAll(List.of(
                        recorded(tt, "a"),
                        () -> {
                            tt.enter();
                            throw new IOException("b failed");
                        },
                        recorded(tt, "c")));
                fs.forEach(f -> tt.add((Task<?>) f));
                assertThat(fs).hasSize(3).allMatch(Future::isDone);
                assertThat(fs.get(0).get()).isEqualTo("a");
                assertThatThrownBy(fs.get(1)::get)
                        .isInstanceOf(ExecutionException.class)
                        .hasRootCauseMessage("b failed");
                assertThat(fs.get(2).get()).isEqualTo("c");
                return null;
            });
            tt.assertAllEnded();
            assertThat(warnings()).isEmpty();
        }

        @Test
        void timedInvokeAll_timesOut_cancelsTheTasksNotDone() throws Exception {
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                ExecutorService ex = tg.asExecutorService();
                List<Future<String>> fs = ex.invokeAll(
                        List.of(recorded(tt, "fast"), () -> {
                            tt.enter();
                            Weft.sleep(Duration.ofHours(1));
                            return "slow";
                        }),
                        200,
                        TimeUnit.MILLISECONDS);
                fs.forEach(f -> tt.add((Task<?>) f));
                assertThat(fs).allMatch(Future::isDone);
                // "fast" is done by the deadline unless the machine is loaded enough to delay its
                // start past it; either way it is done: completed, or cancelled with the rest
                if (!fs.get(0).isCancelled()) {
                    assertThat(fs.get(0).get()).isEqualTo("fast");
                }
                assertThat(fs.get(1).isCancelled()).isTrue();
                assertThatThrownBy(fs.get(1)::get).isInstanceOf(CancellationException.class);
                return null;
            });
            tt.assertAllEnded();
        }

        @Test
        void invokeAll_callerCancelled_cancelsItsTasks_andThrowsIe() throws Exception {
            TaskThreads tt = new TaskThreads();
            AtomicInteger cancelled = new AtomicInteger();
            TaskGroup.run(tg -> {
                ExecutorService ex = tg.asExecutorService();
                CountDownLatch bothRunning = new CountDownLatch(2);
                Callable<String> sleeper = () -> {
                    tt.enter();
                    bothRunning.countDown();
                    try {
                        Weft.sleep(Duration.ofHours(1));
                    } catch (InterruptedException e) {
                        cancelled.incrementAndGet();
                        throw e;
                    }
                    return "never";
                };
                Task<Object> caller = tt.fork(tg, () -> ex.invokeAll(List.of(sleeper, sleeper)));
                bothRunning.await();
                caller.cancel();
                assertThatThrownBy(caller::join).isInstanceOf(CancellationException.class);
                return null;
            });
            tt.assertAllEnded();
            assertThat(cancelled.get()).isEqualTo(2);
        }
    }

    @Nested
    class InvokeAny {
        @Test
        void invokeAny_emptyNullOrNullElement_throwsIaeOrNpe() throws Exception {
            TaskGroup.run(tg -> {
                ExecutorService ex = tg.asExecutorService();
                assertThatThrownBy(() -> ex.invokeAny(List.of())).isInstanceOf(IllegalArgumentException.class);
                List<Callable<String>> withNull = new ArrayList<>();
                withNull.add(null);
                assertThatThrownBy(() -> ex.invokeAny(withNull)).isInstanceOf(NullPointerException.class);
                assertThatThrownBy(() -> ex.invokeAny(List.of(() -> "a"), 1, null))
                        .isInstanceOf(NullPointerException.class);
                ex.shutdown();
                assertThat(ex.isTerminated()).as("nothing was started").isTrue();
                return null;
            });
        }

        @Test
        void invokeAny_returnsASuccess_cancelsTheRest_losersFailuresNotLogged() throws Exception {
            TaskThreads tt = new TaskThreads();
            AtomicBoolean loserCancelled = new AtomicBoolean();
            String r = TaskGroup.run(tg -> tg.asExecutorService()
                    .invokeAny(List.of(
                            () -> {
                                tt.enter();
                                throw new IOException("fails first");
                            },
                            () -> {
                                tt.enter();
                                try {
                                    Weft.sleep(Duration.ofHours(1));
                                } catch (InterruptedException e) {
                                    loserCancelled.set(true);
                                    throw new IOException("thrown while being cancelled");
                                }
                                return "slow";
                            },
                            recorded(tt, "winner"))));
            tt.assertAllEnded();
            assertThat(r).isEqualTo("winner");
            assertThat(loserCancelled.get()).isTrue();
            assertThat(warnings()).isEmpty();
        }

        @Test
        void invokeAny_allFail_throwsExecutionExceptionWithAFailure() throws Exception {
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                ExecutorService ex = tg.asExecutorService();
                Callable<String> failing = () -> {
                    tt.enter();
                    throw new IOException("failed");
                };
                assertThatThrownBy(() -> ex.invokeAny(List.of(failing, failing)))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(IOException.class)
                        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
                return null;
            });
            tt.assertAllEnded();
            assertThat(warnings()).isEmpty();
        }

        @Test
        void timedInvokeAny_noSuccessInTime_throwsTimeout_andCancelsAll() throws Exception {
            TaskThreads tt = new TaskThreads();
            AtomicInteger cancelled = new AtomicInteger();
            TaskGroup.run(tg -> {
                Callable<String> sleeper = () -> {
                    tt.enter();
                    try {
                        Weft.sleep(Duration.ofHours(1));
                    } catch (InterruptedException e) {
                        cancelled.incrementAndGet();
                        throw e;
                    }
                    return "never";
                };
                ExecutorService ex = tg.asExecutorService();
                assertThatThrownBy(() -> ex.invokeAny(List.of(sleeper, sleeper), 50, TimeUnit.MILLISECONDS))
                        .isInstanceOf(TimeoutException.class);
                return null;
            });
            tt.assertAllEnded();
            assertThat(cancelled.get()).isBetween(0, 2); // a task may be cancelled before it started
        }

        @Test
        void invokeAny_inACancelledTask_throwsIeAtOnce_startingNothing() throws Exception {
            AtomicBoolean ran = new AtomicBoolean();
            TaskThreads tt = new TaskThreads();
            AtomicReference<ExecutorService> executor = new AtomicReference<>();
            TaskGroup.run(tg -> {
                ExecutorService ex = tg.asExecutorService();
                executor.set(ex);
                assertThat(CancelledTask.nextCallAfterSwallowedCancel(() -> {
                            tt.enter();
                            ex.invokeAny(List.of(() -> ran.getAndSet(true)));
                        }))
                        .isInstanceOf(InterruptedException.class);
                assertThat(CancelledTask.nextCallAfterSwallowedCancel(() -> {
                            tt.enter();
                            ex.invokeAll(List.of(() -> ran.getAndSet(true)));
                        }))
                        .isInstanceOf(InterruptedException.class);
                assertThat(CancelledTask.nextCallAfterSwallowedCancel(() -> {
                            tt.enter();
                            ex.awaitTermination(1, TimeUnit.HOURS);
                        }))
                        .isInstanceOf(InterruptedException.class);
                return null;
            });
            tt.assertAllEnded();
            assertThat(ran.get()).isFalse();
            assertThat(executor.get().isTerminated()).isTrue();
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void shutdown_rejectsNewWork_letsStartedTasksFinish_thenTerminated() throws Exception {
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                ExecutorService ex = tg.asExecutorService();
                assertThat(ex.isShutdown()).isFalse();
                CountDownLatch go = new CountDownLatch(1);
                Future<String> running = ex.submit(() -> {
                    tt.enter();
                    go.await();
                    return "finished";
                });
                tt.add((Task<?>) running);
                ex.shutdown();
                assertThat(ex.isShutdown()).isTrue();
                assertThat(ex.isTerminated()).isFalse();
                assertThatThrownBy(() -> ex.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
                assertThatThrownBy(() -> ex.submit(() -> "x")).isInstanceOf(RejectedExecutionException.class);
                assertThatThrownBy(() -> ex.invokeAll(List.of(() -> "x")))
                        .isInstanceOf(RejectedExecutionException.class);
                assertThatThrownBy(() -> ex.invokeAny(List.of(() -> "x")))
                        .isInstanceOf(RejectedExecutionException.class);
                assertThat(ex.awaitTermination(0, TimeUnit.SECONDS)).isFalse();
                go.countDown();
                assertThat(ex.awaitTermination(1, TimeUnit.HOURS)).isTrue();
                assertThat(ex.isTerminated()).isTrue();
                assertThat(running.get()).isEqualTo("finished");
                return null;
            });
            tt.assertAllEnded();
        }

        @Test
        void awaitTermination_waitsOnlyForWhatThisExecutorStarted() throws Exception {
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                CountDownLatch release = new CountDownLatch(1);
                Task<Object> groupsOwn = tt.fork(tg, () -> {
                    release.await();
                    return null;
                });
                ExecutorService ex = tg.asExecutorService();
                ExecutorService other = tg.asExecutorService();
                tt.add((Task<?>) other.submit(() -> {
                    tt.enter();
                    release.await();
                    return null;
                }));
                tt.add((Task<?>) ex.submit(recorded(tt, "quick")));
                ex.shutdown();
                assertThat(ex.awaitTermination(1, TimeUnit.HOURS)).isTrue();
                assertThat(groupsOwn.isDone()).isFalse();
                assertThat(other.isShutdown()).isFalse(); // each view has its own lifecycle
                release.countDown();
                return null;
            });
            tt.assertAllEnded();
        }

        @Test
        void shutdownNow_cancelsRunningTasks_andReturnsThoseThatNeverStarted() throws Exception {
            TaskThreads tt = new TaskThreads();
            AtomicInteger interrupted = new AtomicInteger();
            AtomicInteger ran = new AtomicInteger();
            List<Runnable> never = new ArrayList<>();
            List<Runnable> accepted = new ArrayList<>();
            TaskGroup.run(tg -> {
                ExecutorService ex = tg.asExecutorService();
                CountDownLatch running = new CountDownLatch(1);
                Future<Object> sleeper = ex.submit(() -> {
                    tt.enter();
                    running.countDown();
                    try {
                        Weft.sleep(Duration.ofHours(1));
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        throw e;
                    }
                    return null;
                });
                tt.add((Task<?>) sleeper);
                running.await();
                // With every carrier busy, the next tasks are forked but cannot start, so
                // shutdownNow finds them pending and hands their runnables back.
                try (SyncTesting.Freeze f = SyncTesting.freezeVirtualThreads()) {
                    for (int i = 0; i < 5; i++) {
                        Runnable r = () -> {
                            tt.enter();
                            ran.incrementAndGet();
                        };
                        accepted.add(r);
                        ex.execute(r);
                    }
                    never.addAll(ex.shutdownNow());
                }
                assertThat(ex.awaitTermination(1, TimeUnit.HOURS)).isTrue();
                assertThat(sleeper.isCancelled()).isTrue();
                return null;
            });
            tt.assertAllEnded();
            assertThat(interrupted.get()).isEqualTo(1);
            assertThat(never).containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(ran.get()).isZero();
            assertThat(warnings()).isEmpty(); // returned, so not "dropped"
        }

        @Test
        void shutdownNow_everyRunnableEitherRanOrWasReturned_neverBoth() throws Exception {
            AtomicInteger ran = new AtomicInteger();
            int[] returned = {0};
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                ExecutorService ex = tg.asExecutorService();
                for (int i = 0; i < 200; i++) {
                    ex.execute(() -> {
                        tt.enter();
                        ran.incrementAndGet();
                    });
                }
                returned[0] = ex.shutdownNow().size();
                ex.awaitTermination(1, TimeUnit.HOURS);
                return null;
            });
            tt.assertAllEnded();
            // a task cancelled by shutdownNow after its runnable started still ran it
            assertThat(ran.get() + returned[0]).isEqualTo(200);
        }

        @Test
        void groupCancelled_executorRejects_isShutdown_andItsTasksWereCancelled() throws Exception {
            TaskThreads tt = new TaskThreads();
            AtomicBoolean taskInterrupted = new AtomicBoolean();
            AtomicReference<ExecutorService> ex = new AtomicReference<>();
            TaskGroup.run(tg -> {
                ex.set(tg.asExecutorService());
                CountDownLatch running = new CountDownLatch(1);
                ex.get().execute(() -> {
                    tt.enter();
                    running.countDown();
                    try {
                        Weft.sleep(Duration.ofHours(1));
                    } catch (InterruptedException e) {
                        taskInterrupted.set(true);
                    }
                });
                running.await();
                tg.cancel();
                assertThat(ex.get().isShutdown()).isTrue();
                assertThatThrownBy(() -> ex.get().execute(() -> {}))
                        .isInstanceOf(RejectedExecutionException.class)
                        .hasMessageContaining("cancelled");
                return null;
            });
            tt.assertAllEnded();
            assertThat(taskInterrupted.get()).isTrue();
            assertThat(ex.get().isTerminated()).isTrue();
        }

        @Test
        void groupEnded_executorRejects_isTerminated() throws Exception {
            TaskThreads tt = new TaskThreads();
            ExecutorService ex;
            try (TaskGroup tg = TaskGroup.open("ended")) {
                ex = tg.asExecutorService();
                tt.add((Task<?>) ex.submit(recorded(tt, "x")));
                tg.join();
            }
            tt.assertAllEnded();
            assertThat(ex.isShutdown()).isTrue();
            assertThat(ex.isTerminated()).isTrue();
            assertThat(ex.awaitTermination(0, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> ex.submit(() -> "late"))
                    .isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("ended");
        }

        @Test
        void close_shutsDownAndWaitsForItsTasks() throws Exception {
            TaskThreads tt = new TaskThreads();
            AtomicBoolean finished = new AtomicBoolean();
            TaskGroup.run(tg -> {
                CountDownLatch go = new CountDownLatch(1);
                ExecutorService ex = tg.asExecutorService();
                try (ex) {
                    tt.add((Task<?>) ex.submit(() -> {
                        tt.enter();
                        go.await();
                        finished.set(true);
                        return null;
                    }));
                    go.countDown();
                }
                assertThat(finished.get()).isTrue();
                assertThat(ex.isTerminated()).isTrue();
                return null;
            });
            tt.assertAllEnded();
        }

        @Test
        void close_byItsOwnTask_throwsIllegalStateInsteadOfWaitingForItself() throws Exception {
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                ExecutorService ex = tg.asExecutorService();
                Future<Throwable> f = ex.submit(() -> {
                    tt.enter();
                    return QueueTest.thrownBy(ex::close);
                });
                tt.add((Task<?>) f);
                assertThat(f.get()).isInstanceOf(IllegalStateException.class);
                return null;
            });
            tt.assertAllEnded();
        }

        @Test
        void close_inACancelledTask_cancelsItsTasks_waitsForThem_reassertsTheInterrupt() throws Exception {
            TaskThreads tt = new TaskThreads();
            AtomicBoolean executorTaskEnded = new AtomicBoolean();
            AtomicBoolean interruptedAfterClose = new AtomicBoolean();
            TaskGroup.run(tg -> {
                ExecutorService ex = tg.asExecutorService();
                CountDownLatch running = new CountDownLatch(1);
                // an executor task that ignores the first interrupt, then ends on the next call
                tt.add((Task<?>) ex.submit(() -> {
                    tt.enter();
                    running.countDown();
                    try {
                        Weft.sleep(Duration.ofHours(1));
                    } finally {
                        executorTaskEnded.set(true);
                    }
                    return null;
                }));
                running.await();
                assertThat(CancelledTask.nextCallAfterSwallowedCancel(() -> {
                            ex.close(); // cancelled caller: shutdownNow, then wait without spinning
                            interruptedAfterClose.set(Thread.currentThread().isInterrupted());
                            throw new IllegalStateException("closed");
                        }))
                        .hasMessage("closed");
                assertThat(ex.isTerminated()).isTrue();
                return null;
            });
            tt.assertAllEnded();
            assertThat(executorTaskEnded.get()).isTrue();
            assertThat(interruptedAfterClose.get()).isTrue();
        }
    }
}
