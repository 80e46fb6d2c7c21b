// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression tests for the defects found by testing Weft against CPython's test_asyncio, Trio's
 * tests and the JSR-166 TCK (issue 14). Each test is named after the behaviour it pins down; the
 * suite runs once per engine.
 */
@Timeout(60)
class EdgeCaseRegressionTest {

    // ---- a: an interrupt pending before close() survives it ----

    @Nested
    class InterruptPendingBeforeClose {
        @Test
        void close_withoutJoin_emptyGroup_keepsInterruptPendingBeforeClose() {
            var tg = TaskGroup.open();
            Thread.currentThread().interrupt();
            tg.close();
            assertThat(Thread.interrupted())
                    .as("interrupt status after close()")
                    .isTrue();
        }

        @Test
        void close_withoutJoin_runningTask_keepsInterruptPendingBeforeClose() throws Exception {
            CountDownLatch started = new CountDownLatch(1);
            var tg = TaskGroup.open();
            Task<Object> t = tg.fork(() -> {
                started.countDown();
                return TaskGroupTest.sleepForever();
            });
            started.await();
            Thread.currentThread().interrupt();
            tg.close();
            assertThat(Thread.interrupted())
                    .as("interrupt status after close()")
                    .isTrue();
            assertThat(t.isCancelled()).isTrue();
        }

        @Test
        void close_withoutJoin_noInterruptBefore_leavesNone() throws Exception {
            CountDownLatch started = new CountDownLatch(1);
            var tg = TaskGroup.open();
            tg.fork(() -> {
                started.countDown();
                return TaskGroupTest.sleepForever();
            });
            started.await();
            tg.close();
            assertThat(Thread.interrupted())
                    .as("close() must not leak its own cancellation")
                    .isFalse();
        }

        @Test
        void asCompletedClose_keepsInterruptPendingBeforeClose() {
            var done = Weft.asCompleted(List.of(TaskGroupTest::sleepForever));
            Thread.currentThread().interrupt();
            done.close();
            assertThat(Thread.interrupted())
                    .as("interrupt status after close()")
                    .isTrue();
        }
    }

    // ---- b: huge timeouts saturate ----

    @Nested
    class HugeTimeouts {
        @Test
        void get_longMaxValueDays_onFinishedTask_returnsResult() throws Exception {
            int r = TaskGroup.run(tg -> {
                Task<Integer> t = tg.fork(() -> 7);
                t.join();
                return t.get(Long.MAX_VALUE, TimeUnit.DAYS) + t.get(Long.MAX_VALUE, TimeUnit.MINUTES);
            });
            assertThat(r).isEqualTo(14);
        }

        @Test
        void get_longMaxValueDays_onRunningTask_waitsForResult() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            int r = TaskGroup.run(tg -> {
                Task<Integer> t = tg.fork(() -> {
                    release.await();
                    return 5;
                });
                tg.fork(() -> {
                    release.countDown();
                    return null;
                });
                return t.get(Long.MAX_VALUE, TimeUnit.DAYS);
            });
            assertThat(r).isEqualTo(5);
        }

        @Test
        void join_hugeDuration_waitsForResult() throws Exception {
            int r = TaskGroup.run(tg -> tg.fork(() -> 3).join(Duration.ofSeconds(Long.MAX_VALUE)));
            assertThat(r).isEqualTo(3);
        }

        @Test
        void groupJoin_hugeDuration_waitsForTasks() throws Exception {
            try (var tg = TaskGroup.open()) {
                Task<Integer> t = tg.fork(() -> 4);
                tg.join(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
                assertThat(t.resultNow()).isEqualTo(4);
            }
        }

        @Test
        void queuePoll_hugeDuration_waitsForItem() throws Exception {
            Queue<String> q = new Queue<>();
            Optional<String> got = TaskGroup.run(tg -> {
                tg.fork(() -> {
                    q.put("x");
                    return null;
                });
                return q.poll(Duration.ofSeconds(Long.MAX_VALUE));
            });
            assertThat(got).contains("x");
        }

        @Test
        void waitFor_hugeDurationAndFarInstant_returnBodyValue() throws Exception {
            assertThat(Weft.waitFor(Duration.ofSeconds(Long.MAX_VALUE), () -> 1))
                    .isEqualTo(1);
            assertThat(Weft.waitFor(java.time.Instant.MAX, () -> 2)).isEqualTo(2);
            assertThat(Weft.moveOnAfter(Duration.ofSeconds(Long.MAX_VALUE), () -> 3))
                    .contains(3);
        }
    }

    // ---- c, d: map ----

    @Nested
    class MapResults {
        @Test
        void map_fnThrowsCancellationException_neverReturnsWithHoles() {
            CompletableFuture<Integer> cancelled = new CompletableFuture<>();
            cancelled.cancel(true);
            assertThatThrownBy(() -> Weft.map(List.of(0, 1, 2, 3, 4), 2, i -> i >= 2 ? cancelled.join() : i))
                    .isInstanceOf(CancellationException.class)
                    .hasMessageContaining("item");
        }

        @Test
        void map_afterFirstFailure_appliesFnToNoNewItem() {
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                items.add(i);
            }
            ConcurrentLinkedQueue<Integer> applied = new ConcurrentLinkedQueue<>();
            assertThatThrownBy(() -> Weft.map(items, 2, i -> {
                        applied.add(i);
                        if (i == 1) {
                            throw new IOException("item 1 failed");
                        }
                        if (i == 0) {
                            // Ignores cancellation, as CPU-bound code does: waits until the failure
                            // has cancelled this worker, then returns normally.
                            while (!Thread.currentThread().isInterrupted()) {
                                Thread.onSpinWait();
                            }
                        }
                        return i;
                    }))
                    .isInstanceOf(TaskGroupException.class)
                    .hasCauseInstanceOf(IOException.class);
            assertThat(applied).containsOnly(0, 1);
        }
    }

    // ---- e: asCompleted closed from the wrong thread ----

    @Nested
    class AsCompletedOwnership {
        @Test
        void close_fromOtherThread_isRefused_andOwnerStreamStillWorks() throws Exception {
            TaskGroupTest.Threads threads = new TaskGroupTest.Threads();
            CountDownLatch release = new CountDownLatch(1);
            AsCompleted<Object> done = Weft.asCompleted(List.of(
                    () -> 1,
                    () -> {
                        threads.here();
                        release.await();
                        return 2;
                    },
                    TaskGroupTest::sleepForever));
            try {
                AtomicReference<Throwable> refused = new AtomicReference<>();
                Thread other = Thread.ofPlatform().start(() -> {
                    try {
                        done.close();
                    } catch (Throwable t) {
                        refused.set(t);
                    }
                });
                other.join();
                assertThat(refused.get()).isInstanceOf(IllegalStateException.class);
                assertThat(done.next().resultNow()).isEqualTo(1);
                release.countDown();
                assertThat(done.next().resultNow()).isEqualTo(2);
            } finally {
                done.close(); // the owner's close still cancels the sleeper and waits for it
            }
            threads.assertAllEnded();
            assertThatThrownBy(done::next)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }

    // ---- h: gather with a cancelled child ----

    @Nested
    class GatherCancelledChild {
        @Test
        void gather_childThrowsCancellationException_throwsCancellationException() {
            assertThatThrownBy(() -> Weft.gather(() -> 1, () -> {
                        throw new CancellationException("the child's own");
                    }))
                    .isInstanceOf(CancellationException.class)
                    .hasMessageContaining("gather")
                    .hasRootCauseMessage("the child's own");
        }
    }

    // ---- i: a throwing comparator leaves a PriorityQueue as it was ----

    @Nested
    class ThrowingComparator {
        /** Throws on the n-th comparison it makes (1-based), once armed. */
        static final class Bomb implements Comparator<Integer> {
            final AtomicInteger countdown = new AtomicInteger(-1);

            @Override
            public int compare(Integer a, Integer b) {
                if (countdown.get() > 0 && countdown.decrementAndGet() == 0) {
                    throw new IllegalStateException("comparator bomb");
                }
                return Integer.compare(a, b);
            }
        }

        @Test
        void put_comparatorThrows_leavesQueueExactlyAsItWas() throws Exception {
            for (int k = 1; k <= 3; k++) {
                Bomb bomb = new Bomb();
                PriorityQueue<Integer> q = new PriorityQueue<>(bomb);
                for (int x : new int[] {5, 3, 7, 6, 2, 8, 9}) {
                    q.put(x);
                }
                bomb.countdown.set(k);
                assertThatThrownBy(() -> q.put(1)).hasMessage("comparator bomb");
                bomb.countdown.set(-1);
                assertThat(drain(q))
                        .as("after a put whose comparison %d threw", k)
                        .containsExactly(2, 3, 5, 6, 7, 8, 9);
            }
        }

        @Test
        void get_comparatorThrows_leavesQueueExactlyAsItWas() throws Exception {
            for (int k = 1; k <= 3; k++) {
                Bomb bomb = new Bomb();
                PriorityQueue<Integer> q = new PriorityQueue<>(bomb);
                for (int x : new int[] {5, 3, 7, 6, 2, 8, 9, 4, 1}) {
                    q.put(x);
                }
                bomb.countdown.set(k);
                assertThatThrownBy(q::get).hasMessage("comparator bomb");
                bomb.countdown.set(-1);
                assertThat(drain(q))
                        .as("after a get whose comparison %d threw", k)
                        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
            }
        }

        @Test
        void viewRemove_comparatorThrows_leavesQueueExactlyAsItWas() throws Exception {
            for (int k = 1; k <= 2; k++) {
                Bomb bomb = new Bomb();
                PriorityQueue<Integer> q = new PriorityQueue<>(bomb);
                Integer three = 3;
                for (Integer x : List.of(5, three, 7, 6, 2, 8, 9, 4, 1)) {
                    q.put(x);
                }
                bomb.countdown.set(k);
                assertThatThrownBy(() -> q.asBlockingQueue().remove(three)).hasMessage("comparator bomb");
                bomb.countdown.set(-1);
                assertThat(drain(q))
                        .as("after a remove whose comparison %d threw", k)
                        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
            }
        }

        private List<Integer> drain(Queue<Integer> q) throws InterruptedException {
            List<Integer> out = new ArrayList<>();
            while (!q.isEmpty()) {
                out.add(q.get());
            }
            return out;
        }
    }

    // ---- j: one message from every blocking call of a cancelled task ----

    enum Blocking {
        QUEUE_GET {
            @Override
            void block() throws Exception {
                new Queue<>().get();
            }
        },
        QUEUE_PUT {
            @Override
            void block() throws Exception {
                Queue<Integer> q = new Queue<>(1);
                q.put(1);
                q.put(2);
            }
        },
        QUEUE_JOIN {
            @Override
            void block() throws Exception {
                Queue<Integer> q = new Queue<>();
                q.put(1);
                q.join();
            }
        },
        SEMAPHORE_ACQUIRE {
            @Override
            void block() throws Exception {
                new Semaphore(0).acquire();
            }
        },
        LOCK_ACQUIRE {
            @Override
            void block() throws Exception {
                // Held by a live thread: a lock left held by a thread that ended is broken, and
                // acquire would throw DeadlockException instead of blocking (BrokenLockTest).
                Lock lock = new Lock();
                CountDownLatch held = new CountDownLatch(1);
                CountDownLatch done = new CountDownLatch(1);
                Thread.ofVirtual().start(() -> {
                    lock.tryAcquire();
                    held.countDown();
                    while (true) {
                        try {
                            done.await();
                            break;
                        } catch (InterruptedException e) {
                            // keep holding until the blocked call has ended
                        }
                    }
                    lock.release();
                });
                held.await();
                try {
                    lock.acquire();
                } finally {
                    done.countDown();
                }
            }
        },
        EVENT_AWAIT {
            @Override
            void block() throws Exception {
                new Event().await();
            }
        },
        CONDITION_AWAIT {
            @Override
            void block() throws Exception {
                Lock lock = new Lock();
                Condition c = new Condition(lock);
                lock.acquire();
                try {
                    c.await();
                } finally {
                    lock.release();
                }
            }
        },
        BARRIER_AWAIT {
            @Override
            void block() throws Exception {
                new Barrier(2).await();
            }
        },
        TASK_JOIN {
            @Override
            void block() throws Exception {
                TaskGroup.run(tg -> tg.fork(TaskGroupTest::sleepForever).join());
            }
        },
        SLEEP {
            @Override
            void block() throws Exception {
                Weft.sleep(Duration.ofHours(1));
            }
        },
        TIMED_POLL {
            @Override
            void block() throws Exception {
                new Queue<>().poll(Duration.ofHours(1));
            }
        };

        abstract void block() throws Exception;
    }

    @ParameterizedTest
    @EnumSource(Blocking.class)
    void cancelledTask_blockingCall_throwsInterruptedExceptionNamingTheTask(Blocking call) throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        AtomicReference<Thread> worker = new AtomicReference<>();
        TaskGroup.run(tg -> {
            Task<Object> t = tg.fork("worker", () -> {
                worker.set(Thread.currentThread());
                try {
                    call.block();
                } catch (Throwable e) {
                    seen.set(e);
                    throw e;
                }
                return null;
            });
            await().until(() -> worker.get() != null && parked(worker.get()));
            t.cancel();
            return null;
        });
        assertThat(seen.get())
                .isInstanceOf(InterruptedException.class)
                .hasMessage("Task 'worker' was cancelled: Task.cancel() was called");
    }

    private static boolean parked(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }

    // ---- k: Weft's own threads inherit nothing ----

    @Nested
    class OwnThreads {
        @Test
        void toThreadBody_neverSeesTheInheritableContextOfAnotherCaller() throws Exception {
            InheritableThreadLocal<String> user = new InheritableThreadLocal<>();
            ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
            List<Thread> callers = new ArrayList<>();
            for (String name : List.of("alice", "bob", "carol")) {
                callers.add(Thread.ofPlatform().start(() -> {
                    user.set(name);
                    try {
                        for (int i = 0; i < 5; i++) {
                            String v = Weft.toThread(user::get);
                            seen.add(name + ":" + v);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (Thread c : callers) {
                c.join();
            }
            assertThat(seen).hasSize(15).allSatisfy(s -> assertThat(s).endsWith(":null"));
        }

        @Test
        void weftThreads_inheritNoInheritableThreadLocal() throws Exception {
            InheritableThreadLocal<String> user = new InheritableThreadLocal<>();
            user.set("alice");
            try {
                AtomicReference<String> inPlatform = new AtomicReference<>("unset");
                AtomicReference<String> inVirtual = new AtomicReference<>("unset");
                Thread p = dev.weft.internal.WeftThreads.platform("t", () -> inPlatform.set(user.get()));
                Thread v = dev.weft.internal.WeftThreads.virtual("v", () -> inVirtual.set(user.get()));
                p.start();
                v.start();
                p.join();
                v.join();
                assertThat(inPlatform.get()).isNull();
                assertThat(inVirtual.get()).isNull();
                assertThat(p.isDaemon()).isTrue();
            } finally {
                user.remove();
            }
        }
    }

    // ---- l: an Event pulse reaches a waiter that is still spinning ----

    @Nested
    class EventPulse {
        @Test
        void awaitFrom_setThenClearWhileWaiterSpins_returnsTrue() throws Exception {
            for (int round = 0; round < 2_000; round++) {
                dev.weft.internal.EventSync e = new dev.weft.internal.EventSync();
                CountDownLatch entered = new CountDownLatch(1);
                AtomicReference<Object> result = new AtomicReference<>();
                Thread w = Thread.ofPlatform().start(() -> {
                    long from = e.generation(); // what await() reads on entry
                    entered.countDown();
                    try {
                        result.set(e.awaitFrom(from, true, TimeUnit.SECONDS.toNanos(30)));
                    } catch (InterruptedException ex) {
                        result.set(ex);
                    }
                });
                entered.await();
                e.set();
                e.clear();
                w.join();
                assertThat(result.get()).as("round %d", round).isEqualTo(Boolean.TRUE);
            }
        }

        @Test
        void await_parkedWaiter_setThenClear_returnsTrue() throws Exception {
            Event e = new Event();
            AtomicBoolean result = new AtomicBoolean();
            Thread w = Thread.ofPlatform().start(() -> {
                try {
                    result.set(e.await(Duration.ofSeconds(30)));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
            await().until(() -> parked(w));
            e.set();
            e.clear();
            w.join();
            assertThat(result).isTrue();
        }
    }
}
