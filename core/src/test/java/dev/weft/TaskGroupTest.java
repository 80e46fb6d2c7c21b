// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TaskGroupTest {

    /** Records every thread a test's tasks ran in, to assert none outlives its group. */
    static final class Threads {
        final Queue<Thread> seen = new ConcurrentLinkedQueue<>();

        void here() {
            seen.add(Thread.currentThread());
        }

        void assertAllEnded() {
            assertThat(seen)
                    .isNotEmpty()
                    .allSatisfy(t ->
                            assertThat(t.isAlive()).as("thread %s alive", t).isFalse());
        }
    }

    static Object sleepForever() throws InterruptedException {
        Weft.sleep(Duration.ofHours(1));
        throw new AssertionError("slept for an hour");
    }

    @Nested
    class Results {
        @Test
        void run_returnsBodyResultAfterTasks() throws Exception {
            int sum = TaskGroup.run(tg -> {
                Task<Integer> a = tg.fork(() -> 20);
                Task<Integer> b = tg.fork(() -> 22);
                return a.join() + b.join();
            });
            assertThat(sum).isEqualTo(42);
        }

        @Test
        void run_waitsForTasksTheBodyDidNotJoin() throws Exception {
            Threads threads = new Threads();
            AtomicInteger done = new AtomicInteger();
            TaskGroup.run(tg -> {
                for (int i = 0; i < 100; i++) {
                    tg.fork(() -> {
                        threads.here();
                        Weft.sleep(Duration.ofMillis(5));
                        return done.incrementAndGet();
                    });
                }
                return null;
            });
            assertThat(done).hasValue(100);
            threads.assertAllEnded();
        }

        @Test
        void openJoin_returnsTaskResults() throws Exception {
            Task<String> t;
            try (var tg = TaskGroup.open()) {
                t = tg.fork(() -> "hello");
                tg.join();
            }
            assertThat(t.resultNow()).isEqualTo("hello");
            assertThat(t.state()).isEqualTo(java.util.concurrent.Future.State.SUCCESS);
        }

        @Test
        void fork_fromTask_forksSiblingIntoSameGroup() throws Exception {
            Threads threads = new Threads();
            String r = TaskGroup.run(tg -> {
                Task<Task<String>> parent = tg.fork(() -> {
                    threads.here();
                    return tg.fork(() -> {
                        threads.here();
                        return "child";
                    });
                });
                return parent.join().join();
            });
            assertThat(r).isEqualTo("child");
            threads.assertAllEnded();
        }

        @Test
        void millionTrivialTasks_complete() throws Exception {
            AtomicInteger n = new AtomicInteger();
            TaskGroup.run(tg -> {
                for (int i = 0; i < 1_000_000; i++) {
                    tg.fork(n::incrementAndGet);
                }
                return null;
            });
            assertThat(n).hasValue(1_000_000);
        }
    }

    @Nested
    class Failures {
        @Test
        void firstFailure_cancelsSiblingsAndBody_thenThrowsAfterAllEnded() {
            Threads threads = new Threads();
            AtomicInteger siblingsCancelled = new AtomicInteger();
            AtomicReference<Throwable> bodySaw = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(3);
            IOException boom = new IOException("boom");

            assertThatThrownBy(() -> TaskGroup.run("g", tg -> {
                        for (int i = 0; i < 3; i++) {
                            tg.fork(() -> {
                                threads.here();
                                started.countDown();
                                try {
                                    return sleepForever();
                                } catch (InterruptedException e) {
                                    siblingsCancelled.incrementAndGet();
                                    throw e;
                                }
                            });
                        }
                        started.await();
                        tg.fork("failer", () -> {
                            threads.here();
                            throw boom;
                        });
                        try {
                            return sleepForever();
                        } catch (InterruptedException e) {
                            bodySaw.set(e);
                            throw e;
                        }
                    }))
                    .isInstanceOf(TaskGroupException.class)
                    .hasCause(boom)
                    .hasMessageContaining("failer")
                    .satisfies(
                            e -> assertThat(((TaskGroupException) e).failures()).containsExactly(boom));

            assertThat(siblingsCancelled).hasValue(3);
            assertThat(bodySaw.get()).isInstanceOf(InterruptedException.class);
            threads.assertAllEnded();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }

        @Test
        void concurrentFailures_allListed_cancellationsNot() {
            int k = 4;
            CyclicBarrier together = new CyclicBarrier(k);
            List<Exception> errors = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                errors.add(new IllegalStateException("failure " + i));
            }
            Threads threads = new Threads();
            assertThatThrownBy(() -> TaskGroup.run(tg -> {
                        tg.fork(() -> {
                            threads.here();
                            return sleepForever(); // cancelled: not a failure
                        });
                        for (Exception e : errors) {
                            tg.fork(() -> {
                                threads.here();
                                together.await();
                                throw e;
                            });
                        }
                        return null;
                    }))
                    .isInstanceOfSatisfying(TaskGroupException.class, e -> {
                        assertThat(e.failures()).containsExactlyInAnyOrderElementsOf(errors);
                        assertThat(e.getCause()).isSameAs(e.failures().get(0));
                        assertThat(e.getSuppressed()).hasSize(k - 1);
                    });
            threads.assertAllEnded();
        }

        @Test
        void failureWhileCancelling_isStillReported() {
            IOException late = new IOException("failed while being cancelled");
            IOException first = new IOException("first");
            CountDownLatch sleeping = new CountDownLatch(1);
            assertThatThrownBy(() -> TaskGroup.run(tg -> {
                        tg.fork(() -> {
                            try {
                                sleeping.countDown();
                                return sleepForever();
                            } catch (InterruptedException e) {
                                throw late;
                            }
                        });
                        sleeping.await();
                        tg.fork(() -> {
                            throw first;
                        });
                        return null;
                    }))
                    .isInstanceOfSatisfying(
                            TaskGroupException.class,
                            e -> assertThat(e.failures()).containsExactly(first, late));
        }

        @Test
        void bodyFailure_cancelsTasks() {
            Threads threads = new Threads();
            CountDownLatch started = new CountDownLatch(2);
            AtomicInteger cancelled = new AtomicInteger();
            IllegalArgumentException bad = new IllegalArgumentException("body failed");
            assertThatThrownBy(() -> TaskGroup.run(tg -> {
                        for (int i = 0; i < 2; i++) {
                            tg.fork(() -> {
                                threads.here();
                                started.countDown();
                                try {
                                    return sleepForever();
                                } catch (InterruptedException e) {
                                    cancelled.incrementAndGet();
                                    throw e;
                                }
                            });
                        }
                        started.await();
                        throw bad;
                    }))
                    .isInstanceOf(TaskGroupException.class)
                    .hasCause(bad)
                    .hasMessageContaining("the body");
            assertThat(cancelled).hasValue(2);
            threads.assertAllEnded();
        }

        @Test
        void virtualMachineError_propagatesUnwrappedAfterTasksEnded() {
            Threads threads = new Threads();
            VirtualMachineError vme = new VirtualMachineError("simulated") {};
            assertThatThrownBy(() -> TaskGroup.run(tg -> {
                        tg.fork(() -> {
                            threads.here();
                            return sleepForever();
                        });
                        tg.fork(() -> {
                            threads.here();
                            throw vme;
                        });
                        return null;
                    }))
                    .isSameAs(vme);
            threads.assertAllEnded();
        }

        @Test
        void taskFailure_reachesJoinerWrapped_andStillFailsGroup() {
            IOException boom = new IOException("boom");
            AtomicReference<Task<Object>> task = new AtomicReference<>();
            assertThatThrownBy(() -> TaskGroup.run(tg -> {
                        task.set(tg.fork(() -> {
                            throw boom;
                        }));
                        return null;
                    }))
                    .isInstanceOf(TaskGroupException.class)
                    .hasCause(boom);
            assertThatThrownBy(() -> task.get().join())
                    .isInstanceOf(TaskFailedException.class)
                    .hasCause(boom);
        }
    }

    @Nested
    class CancellationOfGroups {
        @Test
        void interruptingOpener_cancelsGroup_runThrowsInterrupted() throws Exception {
            Threads threads = new Threads();
            CountDownLatch started = new CountDownLatch(2);
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread opener = Thread.ofVirtual().start(() -> {
                try {
                    TaskGroup.run(tg -> {
                        for (int i = 0; i < 2; i++) {
                            tg.fork(() -> {
                                threads.here();
                                started.countDown();
                                return sleepForever();
                            });
                        }
                        return sleepForever();
                    });
                    outcome.set(new AssertionError("returned normally"));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            started.await();
            opener.interrupt();
            opener.join();
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            threads.assertAllEnded();
        }

        @Test
        void interruptingOpenerWhileJoining_cancelsGroup() throws Exception {
            Threads threads = new Threads();
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread opener = Thread.ofVirtual().start(() -> {
                try (var tg = TaskGroup.open()) {
                    tg.fork(() -> {
                        threads.here();
                        started.countDown();
                        return sleepForever();
                    });
                    tg.join();
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            started.await();
            await().until(() -> opener.getState() == Thread.State.WAITING);
            opener.interrupt();
            opener.join();
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            threads.assertAllEnded();
        }

        @Test
        void nestedGroups_cancellingOuterCancelsInnerTasks() throws Exception {
            Threads threads = new Threads();
            CountDownLatch innerStarted = new CountDownLatch(2);
            AtomicInteger innerCancelled = new AtomicInteger();
            try (var outer = TaskGroup.open("outer")) {
                outer.fork(
                        "holder",
                        () -> TaskGroup.run("inner", inner -> {
                            for (int i = 0; i < 2; i++) {
                                inner.fork(() -> {
                                    threads.here();
                                    innerStarted.countDown();
                                    try {
                                        return sleepForever();
                                    } catch (InterruptedException e) {
                                        innerCancelled.incrementAndGet();
                                        throw e;
                                    }
                                });
                            }
                            // The inner body computes without blocking in Weft: the inner tasks must be
                            // cancelled by the outer group directly, not when the body reaches join().
                            threads.here();
                            innerStarted.await();
                            while (!Thread.currentThread().isInterrupted()) {
                                Thread.onSpinWait();
                            }
                            return null;
                        }));
                innerStarted.await();
                outer.cancel();
                await().until(() -> innerCancelled.get() == 2);
                outer.join();
            }
            threads.assertAllEnded();
        }

        @Test
        void cancel_endsGroupWithoutError() throws Exception {
            Threads threads = new Threads();
            CountDownLatch started = new CountDownLatch(1);
            Object r = TaskGroup.run(tg -> {
                Task<Object> t = tg.fork(() -> {
                    threads.here();
                    started.countDown();
                    return sleepForever();
                });
                started.await();
                tg.cancel();
                assertThat(tg.isCancelled()).isTrue();
                assertThat(t.isCancelled()).isTrue();
                return sleepForever();
            });
            assertThat(r).isNull();
            threads.assertAllEnded();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }

        @Test
        void cancel_stillReportsRealFailures() {
            IOException late = new IOException("late");
            CountDownLatch started = new CountDownLatch(1);
            assertThatThrownBy(() -> TaskGroup.run(tg -> {
                        tg.fork(() -> {
                            try {
                                started.countDown();
                                return sleepForever();
                            } catch (InterruptedException e) {
                                throw late;
                            }
                        });
                        started.await();
                        tg.cancel();
                        return null;
                    }))
                    .isInstanceOf(TaskGroupException.class)
                    .hasCause(late);
        }

        @Test
        void joinWithTimeout_cancelsAndThrowsTimeout() {
            Threads threads = new Threads();
            assertThatThrownBy(() -> {
                        try (var tg = TaskGroup.open()) {
                            tg.fork(() -> {
                                threads.here();
                                return sleepForever();
                            });
                            tg.join(Duration.ofMillis(20));
                        }
                    })
                    .isInstanceOf(TimeoutException.class);
            threads.assertAllEnded();
        }

        @Test
        void joinWithTimeout_returnsWhenTasksFinishInTime() throws Exception {
            try (var tg = TaskGroup.open()) {
                Task<Integer> t = tg.fork(() -> 7);
                tg.join(Duration.ofMinutes(1));
                assertThat(t.resultNow()).isEqualTo(7);
            }
        }

        @Test
        void forkIntoCancelledGroup_returnsCancelledTaskThatNeverRuns() throws Exception {
            AtomicInteger ran = new AtomicInteger();
            TaskGroup.run(tg -> {
                tg.cancel();
                Task<Integer> t = tg.fork(ran::incrementAndGet);
                assertThat(t.isCancelled()).isTrue();
                return null;
            });
            assertThat(ran).hasValue(0);
        }
    }

    @Nested
    class OpenAndClose {
        @Test
        void closeWithoutJoin_cancelsAndWaits() {
            Threads threads = new Threads();
            AtomicInteger cancelled = new AtomicInteger();
            CountDownLatch started = new CountDownLatch(1);
            Task<Object> t;
            try (var tg = TaskGroup.open()) {
                t = tg.fork(() -> {
                    threads.here();
                    started.countDown();
                    try {
                        return sleepForever();
                    } catch (InterruptedException e) {
                        cancelled.incrementAndGet();
                        throw e;
                    }
                });
                started.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThat(cancelled).hasValue(1);
            assertThat(t.isCancelled()).isTrue();
            threads.assertAllEnded();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }

        @Test
        void forkIntoEndedGroup_throwsIllegalState() throws Exception {
            TaskGroup[] saved = new TaskGroup[1];
            TaskGroup.run(tg -> saved[0] = tg);
            assertThatThrownBy(() -> saved[0].fork(() -> 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ended");

            TaskGroup g = TaskGroup.open();
            g.close();
            assertThatThrownBy(() -> g.fork(() -> 1)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void join_byOtherThread_throwsIllegalState() throws Exception {
            try (var tg = TaskGroup.open()) {
                AtomicReference<Throwable> err = new AtomicReference<>();
                Thread.ofVirtual()
                        .start(() -> {
                            try {
                                tg.join();
                            } catch (Throwable t) {
                                err.set(t);
                            }
                        })
                        .join();
                assertThat(err.get()).isInstanceOf(IllegalStateException.class);
                tg.join();
            }
        }

        @Test
        void closingOuterBeforeInner_throwsIllegalState() {
            TaskGroup outer = TaskGroup.open("outer");
            TaskGroup inner = TaskGroup.open("inner");
            assertThatThrownBy(outer::close).isInstanceOf(IllegalStateException.class);
            inner.close();
            outer.close();
        }

        @Test
        void joinTwice_throwsIllegalState_closeAfterJoinIsNoOp() throws Exception {
            TaskGroup tg = TaskGroup.open();
            tg.join();
            assertThatThrownBy(tg::join).isInstanceOf(IllegalStateException.class);
            tg.close();
        }

        @Test
        void close_reportsFailures() {
            IOException boom = new IOException("boom");
            assertThatThrownBy(() -> {
                        try (var tg = TaskGroup.open()) {
                            Task<Object> t = tg.fork(() -> {
                                throw boom;
                            });
                            while (!t.isDone()) {
                                Thread.onSpinWait(); // close() before the task ran would cancel it unrun
                            }
                        }
                    })
                    .isInstanceOf(TaskGroupException.class)
                    .hasCause(boom);
        }
    }

    @Nested
    class Names {
        @Test
        void taskNames_showInThreadNames() throws Exception {
            String threadName = TaskGroup.run(
                    "crawler",
                    tg -> tg.fork("fetch-1", () -> Thread.currentThread().getName())
                            .join());
            assertThat(threadName).isEqualTo("crawler/fetch-1");

            TaskGroup.run(tg -> {
                Task<String> t = tg.fork("solo", () -> Thread.currentThread().getName());
                assertThat(t.join()).isEqualTo("solo");
                assertThat(t.name()).isEqualTo("solo");
                assertThat(t.toString()).contains("solo");
                Task<Integer> unnamed = tg.fork(() -> 1);
                assertThat(unnamed.name()).startsWith("task-");
                return null;
            });
        }

        @Test
        void nullBody_throwsNullPointer() throws Exception {
            assertThatThrownBy(() -> TaskGroup.run(null)).isInstanceOf(NullPointerException.class);
            TaskGroup.run(tg -> {
                assertThatThrownBy(() -> tg.fork(null)).isInstanceOf(NullPointerException.class);
                return null;
            });
        }
    }
}
