// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static dev.weft.SyncCancellationTest.awaitEnd;
import static dev.weft.SyncTesting.spinUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariants from the PRIOR-ART table ({@code PRIOR-ART.md}) that an audit found only weakly
 * tested: each nested class pins down one row (A5, A6, A7, T3) with deterministic
 * interleavings, and each test names the row it checks in a comment. The tests wait for states
 * (queue lengths, thread states, blocking calls), never for time, and run under both engines.
 */
@Timeout(60)
class PriorArtGapsMoreTest {

    /** The ids 1..3 without {@code cancelled}, in order: who must acquire, and in what order. */
    static List<Integer> othersInOrder(int cancelled) {
        return IntStream.rangeClosed(1, 3).filter(i -> i != cancelled).boxed().toList();
    }

    /** What waiter {@code id} (1..3) runs: it acquires, records {@code id}, and so on. */
    @FunctionalInterface
    interface WaiterBody {
        Object run(int id) throws Exception;
    }

    /**
     * Forks waiters W1, W2, W3 into {@code tg}, each queued ({@code queueLength} reaches its
     * number) before the next is forked; then cancels W{@code cancelled} and waits for it to end,
     * leaving the other two queued in their order.
     *
     * @return the three tasks, W1 first
     */
    static List<Task<Object>> queueThreeThenCancel(
            TaskGroup tg, IntSupplier queueLength, WaiterBody body, int cancelled) throws Exception {
        List<Task<Object>> waiters = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int id = i;
            waiters.add(tg.fork("W" + id, () -> body.run(id)));
            spinUntil(() -> queueLength.getAsInt() == id);
        }
        Task<Object> victim = waiters.get(cancelled - 1);
        assertThat(victim.cancel()).isTrue();
        awaitEnd(victim);
        assertThat(queueLength.getAsInt()).as("waiters left after the cancel").isEqualTo(2);
        return waiters;
    }

    /** A Weft cancellation checkpoint that never blocks: what it threw, or null. */
    static @Nullable Throwable checkpoint() {
        try {
            Weft.sleep(Duration.ZERO);
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    // ---- A5: FIFO order and permits survive a cancelled waiter in the queue ----

    @Nested
    class FifoWithCancelledWaiterInQueue {

        @ParameterizedTest(name = "W{0} cancelled")
        @ValueSource(ints = {2, 1, 3})
        void semaphore_waiterCancelledInQueue_othersAcquireInArrivalOrder_permitsConserved(int cancelled)
                throws Exception {
            // PRIOR-ART A5: a Semaphore waiter cancelled in the queue keeps FIFO for the rest, takes no permit.
            Semaphore sem = new Semaphore(0);
            Queue<Integer> order = new ConcurrentLinkedQueue<>();
            Event finish = new Event();
            List<Integer> expected = othersInOrder(cancelled);
            List<Task<Object>> waiters = new ArrayList<>();
            TaskGroup.run(tg -> {
                waiters.addAll(queueThreeThenCancel(
                        tg,
                        sem::queueLength,
                        id -> {
                            sem.acquire();
                            order.add(id);
                            finish.await(); // keeps its permit until the test has seen every acquire
                            sem.release();
                            return null;
                        },
                        cancelled));
                // One permit at a time, each seen taken before the next: the order seen is the grant order.
                for (int n = 1; n <= 2; n++) {
                    int acquired = n;
                    sem.release();
                    spinUntil(() -> order.size() >= acquired);
                    assertThat(order).containsExactlyElementsOf(expected.subList(0, acquired));
                    assertThat(sem.queueLength()).isEqualTo(2 - acquired);
                    assertThat(sem.availablePermits())
                            .as("free permits while held")
                            .isZero();
                }
                finish.set();
                return null;
            });
            assertThat(order).as("acquire order").containsExactlyElementsOf(expected);
            assertThat(waiters.get(cancelled - 1).state()).isEqualTo(Future.State.CANCELLED);
            // Quiescent: the 2 permits the test released were each taken once and given back.
            assertThat(sem.availablePermits()).isEqualTo(2);
            assertThat(sem.queueLength()).isZero();
            assertThat(sem.isLocked()).isFalse();
        }

        @ParameterizedTest(name = "W{0} cancelled")
        @ValueSource(ints = {2, 1, 3})
        void lock_waiterCancelledInQueue_othersAcquireInArrivalOrder(int cancelled) throws Exception {
            // PRIOR-ART A5: a Lock waiter cancelled in the queue keeps FIFO for the rest and never holds it.
            Lock lock = new Lock();
            Queue<Integer> order = new ConcurrentLinkedQueue<>();
            List<Task<Object>> waiters = new ArrayList<>();
            lock.acquire();
            TaskGroup.run(tg -> {
                waiters.addAll(queueThreeThenCancel(
                        tg,
                        lock::queueLength,
                        id -> {
                            lock.acquire();
                            order.add(id); // under the lock: the order seen is the acquire order
                            lock.release();
                            return null;
                        },
                        cancelled));
                assertThat(lock.isHeldByCurrentTask()).isTrue();
                lock.release();
                return null;
            });
            assertThat(order).as("acquire order").containsExactlyElementsOf(othersInOrder(cancelled));
            assertThat(waiters.get(cancelled - 1).state()).isEqualTo(Future.State.CANCELLED);
            assertThat(lock.isLocked()).isFalse();
            assertThat(lock.queueLength()).isZero();
            assertThat(lock.tryAcquire()).isTrue();
            lock.release();
        }
    }

    // ---- A6: signal(n) is never absorbed by a cancelled waiter ----

    @Nested
    class SignalNWithCancelledWaiter {

        /** How a waiter left {@code await}, seen at once, with the lock held (if it was). */
        record Woke(
                boolean normally,
                boolean heldLock,
                boolean interrupted,
                @Nullable Throwable checkpoint) {}

        /**
         * Forks waiters W1, W2, W3 into {@code cond.await()}, in that order, each in the
         * condition's queue before the next is forked. Each records how it left await in
         * {@code woke}, then releases the lock.
         */
        List<Task<Object>> forkWaiters(TaskGroup tg, Lock lock, Condition cond, Map<Integer, Woke> woke) {
            List<Task<Object>> waiters = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int id = i;
                waiters.add(tg.fork("W" + id, () -> {
                    lock.acquire();
                    boolean normally;
                    try {
                        cond.await();
                        normally = true;
                    } catch (InterruptedException e) {
                        normally = false;
                    }
                    boolean held = lock.isHeldByCurrentTask();
                    boolean interrupted = Thread.interrupted(); // cleared here, so checkpoint() sees the sticky flag
                    woke.put(id, new Woke(normally, held, interrupted, checkpoint()));
                    if (held) {
                        lock.release();
                    }
                    return null;
                }));
                spinUntil(() -> cond.queueLength() == id);
            }
            return waiters;
        }

        @Test
        void signal2_thenSignalledWaiterCancelledWhileRetakingLock_keepsItsSignal_thirdStillWaits() throws Exception {
            // PRIOR-ART A6: signal(2), then a signalled waiter cancelled: it returns normally, W3 is not woken.
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            Map<Integer, Woke> woke = new ConcurrentHashMap<>();
            TaskGroup.run(tg -> {
                List<Task<Object>> w = forkWaiters(tg, lock, cond, woke);
                lock.acquire();
                cond.signal(2);
                assertThat(cond.queueLength())
                        .as("left in the condition after signal(2)")
                        .isEqualTo(1);
                spinUntil(() -> lock.queueLength() == 2); // W1 and W2 wait to re-take the lock
                assertThat(w.get(1).cancel()).isTrue();
                lock.release();
                w.get(0).join();
                awaitEnd(w.get(1));
                // Condition javadoc: a waiter cancelled as it is signalled either returns normally (the
                // signal won; its interrupt status is set) or the signal goes to another waiter. The
                // signal was granted before the cancel, so W2 keeps it and W3 must not have been woken.
                assertThat(woke).containsOnlyKeys(1, 2);
                assertThat(cond.queueLength()).as("W3 still waits").isEqualTo(1);
                assertThat(w.get(2).isDone()).isFalse();
                try (Guard g = lock.hold()) {
                    cond.signal();
                }
                w.get(2).join();
                return null;
            });
            assertThat(woke.get(1)).isEqualTo(new Woke(true, true, false, null));
            Woke w2 = woke.get(2);
            assertThat(w2.normally()).as("W2 returned normally").isTrue();
            assertThat(w2.heldLock()).as("W2 held the lock").isTrue();
            assertThat(w2.interrupted()).as("W2's interrupt status on return").isTrue();
            assertThat(w2.checkpoint()).as("W2's cancellation is sticky").isInstanceOf(InterruptedException.class);
            assertThat(woke.get(3)).isEqualTo(new Woke(true, true, false, null));
            assertThat(cond.queueLength()).isZero();
            assertThat(lock.isLocked()).isFalse();
        }

        @Test
        void waiterCancelledBeforeSignal2_signalsGoToTheOtherTwo_allReturnHoldingLock() throws Exception {
            // PRIOR-ART A6: signal(2) after W2 was cancelled wakes W1 and W3; W2 throws, holding the lock.
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            Map<Integer, Woke> woke = new ConcurrentHashMap<>();
            TaskGroup.run(tg -> {
                List<Task<Object>> w = forkWaiters(tg, lock, cond, woke);
                lock.acquire();
                assertThat(w.get(1).cancel()).isTrue();
                spinUntil(() -> lock.queueLength() == 1); // W2 left the condition, waits to re-take the lock
                assertThat(cond.queueLength()).isEqualTo(2);
                cond.signal(2);
                assertThat(cond.queueLength())
                        .as("left in the condition after signal(2)")
                        .isZero();
                spinUntil(() -> lock.queueLength() == 3);
                lock.release();
                w.get(0).join();
                awaitEnd(w.get(1));
                w.get(2).join();
                return null;
            });
            assertThat(woke.get(1)).isEqualTo(new Woke(true, true, false, null));
            Woke w2 = woke.get(2);
            assertThat(w2.normally()).as("W2 returned normally").isFalse();
            assertThat(w2.heldLock()).as("W2 held the lock as await threw").isTrue();
            // Condition.await javadoc: when it throws, the lock is held again and the interrupt status cleared.
            assertThat(w2.interrupted())
                    .as("W2's interrupt status after await threw")
                    .isFalse();
            assertThat(w2.checkpoint()).as("W2's cancellation is sticky").isInstanceOf(InterruptedException.class);
            assertThat(woke.get(3)).isEqualTo(new Woke(true, true, false, null));
            assertThat(cond.queueLength()).isZero();
            assertThat(lock.isLocked()).isFalse();
        }
    }

    // ---- A7: a cancelled Condition waiter throws its own cancellation, after re-taking the lock ----

    @Nested
    class CancelledConditionWaiterInterruptedWhileRetakingLock {

        @Test
        void await_cancelledThenInterruptedWhileRetakingLock_throwsTheCancellationHoldingLock_staysCancelled()
                throws Exception {
            // PRIOR-ART A7: a second interrupt while re-taking the lock neither replaces the cancellation nor
            // makes await give up the re-take.
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            AtomicReference<Thread> thread = new AtomicReference<>();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean heldInCatch = new AtomicBoolean();
            AtomicBoolean interruptedInCatch = new AtomicBoolean();
            AtomicReference<Throwable> next = new AtomicReference<>();
            Task<?>[] task = new Task<?>[1];
            TaskGroup.run(tg -> {
                task[0] = tg.fork("a7-waiter", () -> {
                    thread.set(Thread.currentThread());
                    lock.acquire();
                    try {
                        cond.await();
                        thrown.set(new AssertionError("await returned normally"));
                    } catch (Throwable e) {
                        thrown.set(e);
                        heldInCatch.set(lock.isHeldByCurrentTask());
                        interruptedInCatch.set(Thread.interrupted()); // also clears it for the sticky check
                    } finally {
                        if (lock.isHeldByCurrentTask()) {
                            lock.release();
                        }
                    }
                    next.set(PriorArtGapsTest.nextBlockingCall());
                    return null;
                });
                spinUntil(() -> cond.queueLength() == 1);
                lock.acquire();
                assertThat(task[0].cancel()).isTrue();
                Thread t = thread.get();
                // Cancelled, it left the condition and now waits to re-take the lock the test holds.
                spinUntil(() -> lock.queueLength() == 1 && t.getState() == Thread.State.WAITING);
                assertThat(cond.queueLength()).isZero();
                t.interrupt();
                spinUntil(() -> t.getState() == Thread.State.WAITING); // took the interrupt, waits on
                assertThat(lock.queueLength()).as("still queued for the lock").isEqualTo(1);
                assertThat(thrown.get()).as("thrown before it re-took the lock").isNull();
                lock.release();
                awaitEnd(task[0]);
                return null;
            });
            assertThat(thrown.get())
                    .isInstanceOf(InterruptedException.class)
                    .hasMessageContaining("Task 'a7-waiter' was cancelled");
            assertThat(heldInCatch).as("the lock was held in the catch block").isTrue();
            // The second interrupt came during the re-take, which cannot be interrupted: it is kept,
            // so the status is set in the catch block (Condition's javadoc; j.u.c's ConditionObject).
            assertThat(interruptedInCatch)
                    .as("the interrupt status in the catch block")
                    .isTrue();
            assertThat(next.get())
                    .as("the next blocking call after the catch (interrupt status cleared)")
                    .isInstanceOf(InterruptedException.class)
                    .hasMessageContaining("Task 'a7-waiter' was cancelled");
            assertThat(task[0].state()).isEqualTo(Future.State.CANCELLED);
            assertThat(lock.isLocked()).isFalse();
            assertThat(lock.queueLength()).isZero();
            assertThat(cond.queueLength()).isZero();
        }
    }

    // ---- T3: Semaphore permits are not owned; BoundedSemaphore bounds the count, not owners ----

    @Nested
    class SemaphorePermitsNotOwned {

        @Test
        void semaphore_oneTaskAcquiresTwice_anotherThatNeverAcquiredReleasesBoth() throws Exception {
            // PRIOR-ART T3: a Semaphore is not owned: one task takes 2 permits, another task returns them.
            Semaphore sem = new Semaphore(2);
            TaskGroup.run(tg -> {
                tg.fork("taker", () -> {
                            sem.acquire();
                            sem.acquire(); // a second permit, not a re-entry and not an error
                            assertThat(sem.availablePermits()).isZero();
                            assertThat(sem.tryAcquire())
                                    .as("a third, by the same task")
                                    .isFalse();
                            return null;
                        })
                        .join();
                tg.fork("releaser", () -> {
                            sem.release();
                            sem.release();
                            return null;
                        })
                        .join();
                return null;
            });
            assertThat(sem.availablePermits()).isEqualTo(2);
        }

        @Test
        void semaphore_holderAcquiringAgain_waitsLikeAnyTask_untilAnotherTaskReleases() throws Exception {
            // PRIOR-ART T3: no per-owner re-entry: the holder's second acquire queues; a non-holder's release
            // hands it the permit.
            Semaphore sem = new Semaphore(1);
            TaskGroup.run(tg -> {
                Task<Integer> holder = tg.fork("holder", () -> {
                    sem.acquire();
                    sem.acquire(); // no permit is free: it waits like any other task
                    return sem.availablePermits();
                });
                spinUntil(() -> sem.queueLength() == 1);
                assertThat(holder.isDone()).isFalse();
                tg.fork("releaser", () -> {
                            sem.release();
                            return null;
                        })
                        .join();
                assertThat(holder.join())
                        .as("free permits once the holder has both")
                        .isZero();
                return null;
            });
            assertThat(sem.queueLength()).isZero();
            assertThat(sem.availablePermits()).isZero(); // the holder took both and returned neither
        }

        @Test
        void boundedSemaphore_releaseByTaskThatNeverAcquired_allowedUpToTheBound_thenThrows() throws Exception {
            // PRIOR-ART T3: BoundedSemaphore counts, it does not track owners: a stranger's release is fine
            // below the bound, and any release above it throws IllegalStateException, the acquirer's too.
            BoundedSemaphore sem = new BoundedSemaphore(2);
            TaskGroup.run(tg -> {
                tg.fork("taker", () -> {
                            sem.acquire();
                            sem.acquire();
                            return null;
                        })
                        .join();
                tg.fork("stranger", () -> {
                            sem.release();
                            sem.release();
                            assertThatThrownBy(sem::release)
                                    .isInstanceOf(IllegalStateException.class)
                                    .hasMessageContaining("released more often than acquired");
                            return null;
                        })
                        .join();
                assertThat(sem.availablePermits()).isEqualTo(2);
                Event strangerReleased = new Event();
                Task<Object> acquirer = tg.fork("acquirer", () -> {
                    sem.acquire();
                    strangerReleased.await();
                    // It did acquire, but the stranger's release already returned that permit.
                    assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class);
                    return null;
                });
                spinUntil(() -> sem.availablePermits() == 1);
                tg.fork("stranger-again", () -> {
                            sem.release();
                            return null;
                        })
                        .join();
                strangerReleased.set();
                acquirer.join();
                return null;
            });
            assertThat(sem.availablePermits()).isEqualTo(2);
            assertThat(sem.queueLength()).isZero();
        }

        @Test
        void boundedSemaphore_untouched_releaseByAnyTaskThrows() throws Exception {
            // PRIOR-ART T3: on a full BoundedSemaphore, a release by a task that never acquired throws.
            BoundedSemaphore sem = new BoundedSemaphore(1);
            TaskGroup.run(tg -> tg.fork("stranger", () -> {
                        assertThatThrownBy(sem::release)
                                .isInstanceOf(IllegalStateException.class)
                                .hasMessageContaining("released more often than acquired");
                        return null;
                    })
                    .join());
            assertThat(sem.availablePermits()).isEqualTo(1);
            assertThat(sem.tryAcquire()).isTrue();
            assertThat(sem.tryAcquire()).isFalse();
        }
    }
}
