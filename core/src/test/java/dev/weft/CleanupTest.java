// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Weft.cleanup (README "Weft in a service", issue 16): a cancelled task, or a timed-out waitFor body, can still
 * make blocking Weft calls in a finally; the cleanup has its own limit; afterwards the
 * cancellation is in force again.
 */
@Timeout(60)
class CleanupTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    private static boolean parked(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }

    /**
     * Runs {@code cleanup} in the finally of a task that is cancelled while it sleeps, and
     * returns what cleanup returned; {@code whileCleaning} runs in the test once the cleanup body
     * has blocked.
     */
    private static Object inFinallyOfCancelledTask(Block<Object, Exception> cleanup, Runnable whileCleaning)
            throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicReference<Thread> worker = new AtomicReference<>();
        AtomicBoolean cleaning = new AtomicBoolean();
        TaskGroup.run(tg -> {
            Task<Object> t = tg.fork("worker", () -> {
                worker.set(Thread.currentThread());
                try {
                    return TaskGroupTest.sleepForever();
                } finally {
                    cleaning.set(true);
                    result.set(Weft.cleanup(LIMIT, cleanup));
                }
            });
            await().until(() -> worker.get() != null && parked(worker.get()));
            t.cancel();
            await().until(() -> cleaning.get() && parked(worker.get()));
            whileCleaning.run();
            return null;
        });
        return result.get();
    }

    @Test
    void cancelledTask_cleanupAcquiresHeldLock_afterItIsReleased() throws Exception {
        Lock lock = new Lock();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofVirtual().start(() -> {
            try {
                lock.acquire();
                held.countDown();
                release.await();
                lock.release();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        held.await();
        Object r = inFinallyOfCancelledTask(
                () -> {
                    lock.acquire();
                    try {
                        return "rolled back";
                    } finally {
                        lock.release();
                    }
                },
                release::countDown);
        holder.join();
        assertThat(r).isEqualTo("rolled back");
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void cancelledTask_cleanupPutsToFullBoundedQueue_onceThereIsRoom() throws Exception {
        Queue<String> q = new Queue<>(1);
        q.put("first");
        Object r = inFinallyOfCancelledTask(
                () -> {
                    q.put("undo");
                    return "put";
                },
                () -> {
                    try {
                        assertThat(q.get()).isEqualTo("first");
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                });
        assertThat(r).isEqualTo("put");
        assertThat(q.getNowait()).isEqualTo("undo");
    }

    @Test
    void cancelledTask_cleanupJoinsAnotherTask() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Object> result = new AtomicReference<>();
        TaskGroup.run(tg -> {
            Task<String> flusher = tg.fork("flusher", () -> {
                release.await();
                return "flushed";
            });
            Task<Object> t = tg.fork("worker", () -> {
                try {
                    return TaskGroupTest.sleepForever();
                } finally {
                    result.set(Weft.cleanup(LIMIT, flusher::join));
                }
            });
            await().until(() -> !t.isDone());
            t.cancel();
            release.countDown();
            return null;
        });
        assertThat(result.get()).isEqualTo("flushed");
    }

    @Test
    void timedOutWaitForBody_cleanupInFinallyStillRuns() throws Exception {
        Queue<String> q = new Queue<>(1);
        AtomicReference<Object> cleaned = new AtomicReference<>();
        assertThatThrownBy(() -> Weft.waitFor(Duration.ofMillis(50), () -> {
                    try {
                        return TaskGroupTest.sleepForever();
                    } finally {
                        cleaned.set(Weft.cleanup(LIMIT, () -> {
                            q.put("undo"); // room: does not block, but would throw without cleanup
                            return Weft.deadline().orElseThrow();
                        }));
                    }
                }))
                .isInstanceOf(TimeoutException.class);
        assertThat(q.getNowait()).isEqualTo("undo");
        assertThat(cleaned.get())
                .as("inside cleanup, Weft.deadline() is the cleanup's own limit")
                .isInstanceOf(Instant.class);
        assertThat((Instant) cleaned.get()).isAfter(Instant.now().plusSeconds(10));
    }

    @Test
    void cleanup_limitPasses_bodyCancelled_throwsTimeoutException() {
        assertThatThrownBy(() -> Weft.cleanup(Duration.ofMillis(50), TaskGroupTest::sleepForever))
                .isInstanceOf(TimeoutException.class)
                .hasMessage("cleanup(PT0.05S) did not finish in time; its body was cancelled")
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void afterCleanup_cancellationIsInForceAgain() throws Exception {
        AtomicReference<Throwable> after = new AtomicReference<>();
        TaskGroup.run(tg -> {
            Task<Object> t = tg.fork("worker", () -> {
                try {
                    return TaskGroupTest.sleepForever();
                } finally {
                    Weft.cleanup(LIMIT, () -> null);
                    try {
                        Weft.sleep(Duration.ofHours(1));
                    } catch (InterruptedException e) {
                        after.set(e);
                    }
                }
            });
            await().until(() -> !t.isDone());
            t.cancel();
            return null;
        });
        assertThat(after.get())
                .isInstanceOf(InterruptedException.class)
                .hasMessage("Task 'worker' was cancelled: Task.cancel() was called");
    }

    @Test
    void cancelWhileCleanupRuns_isHeldOff_thenDelivered() throws Exception {
        Queue<String> q = new Queue<>();
        CountDownLatch inCleanup = new CountDownLatch(1);
        AtomicReference<Thread> worker = new AtomicReference<>();
        AtomicReference<Object> got = new AtomicReference<>();
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        AtomicReference<Throwable> next = new AtomicReference<>();
        TaskGroup.run(tg -> {
            Task<Object> t = tg.fork("worker", () -> {
                worker.set(Thread.currentThread());
                got.set(Weft.cleanup(LIMIT, () -> {
                    inCleanup.countDown();
                    return q.get(); // the cancel below must not interrupt this
                }));
                interruptedAfter.set(Thread.currentThread().isInterrupted());
                try {
                    Weft.sleep(Duration.ofHours(1));
                } catch (InterruptedException e) {
                    next.set(e);
                }
                return null;
            });
            inCleanup.await();
            await().until(() -> parked(worker.get()));
            t.cancel();
            assertThat(t.isCancelled()).isTrue();
            q.put("item");
            return null;
        });
        assertThat(got.get()).isEqualTo("item");
        assertThat(interruptedAfter)
                .as("the held-off interrupt is delivered at the end")
                .isTrue();
        assertThat(next.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void cleanup_nullArguments_throwNullPointerException() {
        assertThatThrownBy(() -> Weft.cleanup(null, () -> 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Weft.cleanup(LIMIT, null)).isInstanceOf(NullPointerException.class);
    }
}
