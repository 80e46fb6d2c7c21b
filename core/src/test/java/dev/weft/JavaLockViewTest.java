// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static dev.weft.SyncTesting.spinUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Lock#asJavaLock()} and {@link RLock#asJavaLock()} against the
 * {@link java.util.concurrent.locks.Lock} and {@link Condition} contracts, as the JDK's TCK states
 * them (LockTest, ReentrantLockTest and the condition tests of AbstractQueuedSynchronizerTest:
 * semantics re-written from the contract, not the TCK's files), one generic suite over both
 * locks; plus Weft's guarantees through the view (FIFO, no barging, sticky cancellation, an
 * uninterruptible {@code lock()} that never spins). Waiting is observed as a queued task or a
 * released lock, never as time.
 */
@Timeout(60)
class JavaLockViewTest {

    /** A Weft lock seen through its view, and what the tests need to observe it. */
    record Subject(
            java.util.concurrent.locks.Lock juc,
            BooleanSupplier locked,
            IntSupplier queued,
            BooleanSupplier heldByMe,
            boolean reentrant) {}

    enum Kind {
        LOCK {
            @Override
            Subject create() {
                Lock l = new Lock();
                return new Subject(l.asJavaLock(), l::isLocked, l::queueLength, l::isHeldByCurrentTask, false);
            }
        },
        RLOCK {
            @Override
            Subject create() {
                RLock l = new RLock();
                return new Subject(l.asJavaLock(), l::isLocked, l::queueLength, l::isHeldByCurrentTask, true);
            }
        };

        abstract Subject create();
    }

    // ------------------------------------------------------------------------------------------

    @Nested
    class LockAndUnlock {
        @ParameterizedTest
        @EnumSource(Kind.class)
        void lockThenUnlock_holdsThenFrees(Kind kind) {
            Subject s = kind.create();
            s.juc().lock();
            assertThat(s.locked().getAsBoolean()).isTrue();
            assertThat(s.heldByMe().getAsBoolean()).isTrue();
            s.juc().unlock();
            assertThat(s.locked().getAsBoolean()).isFalse();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void unlock_notHeld_throwsIllegalMonitorState(Kind kind) {
            Subject s = kind.create();
            assertThatThrownBy(s.juc()::unlock).isInstanceOf(IllegalMonitorStateException.class);
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void unlock_heldByAnotherTask_throwsIllegalMonitorState_lockStaysHeld(Kind kind) throws Exception {
            Subject s = kind.create();
            s.juc().lock();
            TaskThreads tt = new TaskThreads();
            Throwable thrown = TaskGroup.run(
                    tg -> tt.fork(tg, () -> QueueTest.thrownBy(s.juc()::unlock)).join());
            tt.assertAllEnded();
            assertThat(thrown).isInstanceOf(IllegalMonitorStateException.class);
            assertThat(s.heldByMe().getAsBoolean()).isTrue();
            s.juc().unlock();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void lock_waiters_acquireInArrivalOrder(Kind kind) throws Exception {
            Subject s = kind.create();
            List<Integer> order = new ArrayList<>();
            s.juc().lock();
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                for (int i = 0; i < 10; i++) {
                    int id = i;
                    tt.fork(tg, () -> {
                        s.juc().lock();
                        try {
                            order.add(id); // guarded by the lock
                        } finally {
                            s.juc().unlock();
                        }
                        return null;
                    });
                    spinUntil(() -> s.queued().getAsInt() == id + 1);
                }
                s.juc().unlock();
                return null;
            });
            tt.assertAllEnded();
            assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void lock_manyTasks_mutuallyExclusive(Kind kind) throws Exception {
            Subject s = kind.create();
            long[] counter = {0};
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                for (int t = 0; t < 50; t++) {
                    tt.fork(tg, () -> {
                        for (int i = 0; i < 200; i++) {
                            s.juc().lock();
                            try {
                                counter[0]++;
                            } finally {
                                s.juc().unlock();
                            }
                        }
                        return null;
                    });
                }
                return null;
            });
            tt.assertAllEnded();
            assertThat(counter[0]).isEqualTo(10_000);
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void lock_blockedThenInterrupted_keepsWaiting_acquires_interruptReasserted(Kind kind) throws Exception {
            Subject s = kind.create();
            s.juc().lock();
            TaskThreads tt = new TaskThreads();
            AtomicBoolean interruptedWhenAcquired = new AtomicBoolean();
            TaskGroup.run(tg -> {
                Thread th = tt.forkAndGetThread(tg, () -> {
                    s.juc().lock();
                    interruptedWhenAcquired.set(Thread.interrupted());
                    s.juc().unlock();
                    return null;
                });
                spinUntil(() -> s.queued().getAsInt() == 1);
                th.interrupt();
                spinUntil(() -> th.getState() == Thread.State.WAITING); // parked again, still queued
                assertThat(s.queued().getAsInt()).isEqualTo(1);
                s.juc().unlock();
                return null;
            });
            tt.assertAllEnded();
            assertThat(interruptedWhenAcquired.get()).isTrue();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void lock_inACancelledTaskThatSwallowedTheCancel_parksUntilTheLockIsFree(Kind kind) throws Exception {
            Subject s = kind.create();
            CountDownLatch holding = new CountDownLatch(1);
            AtomicReference<Thread> waiter = new AtomicReference<>();
            // Another thread holds the lock and lets go once the cancelled task is parked behind
            // it: queued and WAITING, not spinning on an acquire that keeps throwing.
            Thread holder = Thread.ofVirtual().start(() -> {
                s.juc().lock();
                holding.countDown();
                spinUntil(() -> s.queued().getAsInt() == 1
                        && waiter.get() != null
                        && waiter.get().getState() == Thread.State.WAITING);
                s.juc().unlock();
            });
            holding.await();
            AtomicBoolean acquired = new AtomicBoolean();
            TaskThreads tt = new TaskThreads();
            Throwable next = CancelledTask.nextCallAfterSwallowedCancel(() -> {
                tt.enter();
                waiter.set(Thread.currentThread());
                s.juc().lock();
                acquired.set(s.heldByMe().getAsBoolean());
                s.juc().unlock();
                throw new IllegalStateException("after lock()");
            });
            holder.join();
            tt.assertAllEnded();
            assertThat(next).hasMessage("after lock()");
            assertThat(acquired.get()).isTrue();
            assertThat(s.locked().getAsBoolean()).isFalse();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void reentry_reentrantCountsHolds_nonReentrantThrowsIllegalState(Kind kind) {
            Subject s = kind.create();
            s.juc().lock();
            if (s.reentrant()) {
                s.juc().lock();
                assertThat(s.juc().tryLock()).isTrue();
                s.juc().unlock();
                s.juc().unlock();
                assertThat(s.locked().getAsBoolean()).isTrue();
                s.juc().unlock();
                assertThat(s.locked().getAsBoolean()).isFalse();
            } else {
                assertThatThrownBy(s.juc()::lock).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(s.juc()::tryLock).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(s.juc()::lockInterruptibly).isInstanceOf(IllegalStateException.class);
                s.juc().unlock();
                assertThat(s.locked().getAsBoolean()).isFalse();
            }
        }

        @Test
        void weftAndJucSides_countTheSameHolds() throws Exception {
            RLock r = new RLock();
            java.util.concurrent.locks.Lock juc = r.asJavaLock();
            juc.lock();
            r.acquire();
            assertThat(r.holdCount()).isEqualTo(2);
            juc.unlock();
            r.release();
            assertThat(r.isLocked()).isFalse();
            assertThat(r.asJavaLock().tryLock()).isTrue(); // another view, the same lock
            assertThat(r.holdCount()).isEqualTo(1);
            r.release();
            assertThat(r.isLocked()).isFalse();
        }
    }

    @Nested
    class LockInterruptibly {
        @ParameterizedTest
        @EnumSource(Kind.class)
        void lockInterruptibly_blockedThenInterrupted_throwsIe_statusCleared_notAcquired(Kind kind) throws Exception {
            Subject s = kind.create();
            s.juc().lock();
            TaskThreads tt = new TaskThreads();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean statusAfter = new AtomicBoolean(true);
            AtomicBoolean heldAfter = new AtomicBoolean(true);
            TaskGroup.run(tg -> {
                Thread th = tt.forkAndGetThread(tg, () -> {
                    try {
                        s.juc().lockInterruptibly();
                    } catch (InterruptedException e) {
                        thrown.set(e);
                        statusAfter.set(Thread.currentThread().isInterrupted());
                        heldAfter.set(s.heldByMe().getAsBoolean());
                    }
                    return null;
                });
                spinUntil(() -> s.queued().getAsInt() == 1);
                th.interrupt();
                return null;
            });
            tt.assertAllEnded();
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
            assertThat(statusAfter.get()).isFalse();
            assertThat(heldAfter.get()).isFalse();
            assertThat(s.queued().getAsInt()).isZero();
            s.juc().unlock();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void lockInterruptiblyAndTimedTryLock_afterInterrupt_throwIeAtOnce_evenOnAFreeLock(Kind kind) {
            Subject s = kind.create();
            Thread.currentThread().interrupt();
            assertThatThrownBy(s.juc()::lockInterruptibly).isInstanceOf(InterruptedException.class);
            assertThat(Thread.interrupted()).isFalse();
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> s.juc().tryLock(1, TimeUnit.HOURS)).isInstanceOf(InterruptedException.class);
            assertThat(Thread.interrupted()).isFalse();
            assertThat(s.locked().getAsBoolean()).isFalse();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void lockInterruptibly_inACancelledTask_throwsIeAtOnce(Kind kind) throws Exception {
            Subject s = kind.create();
            TaskThreads tt = new TaskThreads();
            assertThat(CancelledTask.nextCallAfterSwallowedCancel(() -> {
                        tt.enter();
                        s.juc().lockInterruptibly();
                    }))
                    .isInstanceOf(InterruptedException.class);
            assertThat(CancelledTask.nextCallAfterSwallowedCancel(() -> {
                        tt.enter();
                        s.juc().tryLock(1, TimeUnit.SECONDS);
                    }))
                    .isInstanceOf(InterruptedException.class);
            tt.assertAllEnded();
            assertThat(s.locked().getAsBoolean()).isFalse();
        }
    }

    @Nested
    class TryLock {
        @ParameterizedTest
        @EnumSource(Kind.class)
        void tryLock_freeOrHeldElsewhere_acquiresOrReturnsFalse(Kind kind) throws Exception {
            Subject s = kind.create();
            assertThat(s.juc().tryLock()).isTrue();
            TaskThreads tt = new TaskThreads();
            boolean other =
                    TaskGroup.run(tg -> tt.fork(tg, () -> s.juc().tryLock()).join());
            tt.assertAllEnded();
            assertThat(other).isFalse();
            s.juc().unlock();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void tryLock_byTheReleaserWhileATaskWaits_doesNotBarge(Kind kind) throws Exception {
            Subject s = kind.create();
            s.juc().lock();
            TaskThreads tt = new TaskThreads();
            CountDownLatch letGo = new CountDownLatch(1);
            AtomicBoolean waiterGotIt = new AtomicBoolean();
            TaskGroup.run(tg -> {
                tt.fork(tg, () -> {
                    s.juc().lock();
                    waiterGotIt.set(true);
                    letGo.await();
                    s.juc().unlock();
                    return null;
                });
                spinUntil(() -> s.queued().getAsInt() == 1);
                s.juc().unlock(); // hands the lock to the waiter: it is never free for a newcomer
                assertThat(s.juc().tryLock()).isFalse();
                assertThat(s.juc().tryLock(0, TimeUnit.SECONDS)).isFalse();
                letGo.countDown();
                return null;
            });
            tt.assertAllEnded();
            assertThat(waiterGotIt.get()).isTrue();
            assertThat(s.juc().tryLock()).isTrue();
            s.juc().unlock();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void timedTryLock_heldElsewhere_returnsFalseNoEarlierThanTheTimeout(Kind kind) throws Exception {
            Subject s = kind.create();
            s.juc().lock();
            TaskThreads tt = new TaskThreads();
            long[] elapsed = {0};
            boolean got = TaskGroup.run(tg -> tt.fork(tg, () -> {
                        long start = System.nanoTime();
                        boolean r = s.juc().tryLock(20, TimeUnit.MILLISECONDS);
                        elapsed[0] = System.nanoTime() - start;
                        return r;
                    })
                    .join());
            tt.assertAllEnded();
            assertThat(got).isFalse();
            assertThat(elapsed[0]).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
            assertThat(s.queued().getAsInt()).isZero();
            s.juc().unlock();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void timedTryLock_negativeMeansZero_hugeSaturates(Kind kind) throws Exception {
            Subject s = kind.create();
            assertThat(s.juc().tryLock(-1, TimeUnit.DAYS)).isTrue();
            TaskThreads tt = new TaskThreads();
            TaskGroup.run(tg -> {
                assertThat(tt.fork(tg, () -> s.juc().tryLock(-1, TimeUnit.DAYS)).join())
                        .isFalse();
                Task<Boolean> patient = tt.fork(tg, () -> {
                    boolean r = s.juc().tryLock(Long.MAX_VALUE, TimeUnit.DAYS);
                    s.juc().unlock();
                    return r;
                });
                spinUntil(() -> s.queued().getAsInt() == 1);
                s.juc().unlock();
                assertThat(patient.join()).isTrue();
                return null;
            });
            tt.assertAllEnded();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void timedTryLock_nullUnit_throwsNpe(Kind kind) {
            Subject s = kind.create();
            assertThatThrownBy(() -> s.juc().tryLock(1, null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    class Conditions {
        @ParameterizedTest
        @EnumSource(Kind.class)
        void everyConditionMethod_withoutTheLock_throwsIllegalMonitorState(Kind kind) {
            Subject s = kind.create();
            Condition c = s.juc().newCondition();
            List<QueueTest.Throwing> calls = List.of(
                    c::await,
                    c::awaitUninterruptibly,
                    () -> c.awaitNanos(1),
                    () -> c.await(1, TimeUnit.SECONDS),
                    () -> c.awaitUntil(new Date()),
                    c::signal,
                    c::signalAll);
            for (QueueTest.Throwing call : calls) {
                assertThatThrownBy(call::run).isInstanceOf(IllegalMonitorStateException.class);
            }
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void await_signalled_returnsHoldingTheLock(Kind kind) throws Exception {
            Subject s = kind.create();
            Condition c = s.juc().newCondition();
            TaskThreads tt = new TaskThreads();
            AtomicBoolean heldAfter = new AtomicBoolean();
            AtomicBoolean entered = new AtomicBoolean();
            TaskGroup.run(tg -> {
                tt.fork(tg, () -> {
                    s.juc().lock();
                    try {
                        entered.set(true);
                        c.await();
                        heldAfter.set(s.heldByMe().getAsBoolean());
                    } finally {
                        s.juc().unlock();
                    }
                    return null;
                });
                awaitWaitingOn(s, entered);
                s.juc().lock();
                c.signal();
                s.juc().unlock();
                return null;
            });
            tt.assertAllEnded();
            assertThat(heldAfter.get()).isTrue();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void signal_wakesTheLongestWaiter_signalAllWakesEveryone(Kind kind) throws Exception {
            Subject s = kind.create();
            Condition c = s.juc().newCondition();
            TaskThreads tt = new TaskThreads();
            ConcurrentLinkedQueue<Integer> woken = new ConcurrentLinkedQueue<>();
            TaskGroup.run(tg -> {
                for (int i = 0; i < 3; i++) {
                    int id = i;
                    AtomicBoolean entered = new AtomicBoolean();
                    tt.fork(tg, () -> {
                        s.juc().lock();
                        try {
                            entered.set(true);
                            c.await();
                            woken.add(id);
                        } finally {
                            s.juc().unlock();
                        }
                        return null;
                    });
                    awaitWaitingOn(s, entered);
                }
                s.juc().lock();
                c.signal();
                s.juc().unlock();
                spinUntil(() -> woken.size() == 1);
                assertThat(woken).containsExactly(0);
                s.juc().lock();
                c.signalAll();
                s.juc().unlock();
                return null;
            });
            tt.assertAllEnded();
            assertThat(woken).containsExactlyInAnyOrder(0, 1, 2);
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void timedAwaits_noSignal_reportTimeoutNoEarlierThanItsDeadline(Kind kind) throws Exception {
            Subject s = kind.create();
            Condition c = s.juc().newCondition();
            s.juc().lock();
            try {
                long start = System.nanoTime();
                long left = c.awaitNanos(TimeUnit.MILLISECONDS.toNanos(20));
                assertThat(left).isLessThanOrEqualTo(0L);
                assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
                assertThat(c.await(10, TimeUnit.MILLISECONDS)).isFalse();
                assertThat(c.awaitUntil(new Date(System.currentTimeMillis() + 10)))
                        .isFalse();
                assertThat(c.awaitUntil(new Date(0))).isFalse();
                assertThat(c.awaitNanos(0)).isLessThanOrEqualTo(0L);
                assertThat(c.awaitNanos(Long.MIN_VALUE)).isLessThanOrEqualTo(0L);
                assertThat(c.await(-1, TimeUnit.DAYS)).isFalse();
                assertThat(s.heldByMe().getAsBoolean()).isTrue();
            } finally {
                s.juc().unlock();
            }
            assertThatThrownBy(() -> c.awaitUntil(null)).isInstanceOf(NullPointerException.class);
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void awaitNanos_signalled_returnsPositiveTimeLeft(Kind kind) throws Exception {
            Subject s = kind.create();
            Condition c = s.juc().newCondition();
            TaskThreads tt = new TaskThreads();
            AtomicLong left = new AtomicLong();
            AtomicBoolean entered = new AtomicBoolean();
            TaskGroup.run(tg -> {
                tt.fork(tg, () -> {
                    s.juc().lock();
                    try {
                        entered.set(true);
                        left.set(c.awaitNanos(TimeUnit.HOURS.toNanos(1)));
                    } finally {
                        s.juc().unlock();
                    }
                    return null;
                });
                awaitWaitingOn(s, entered);
                s.juc().lock();
                c.signal();
                s.juc().unlock();
                return null;
            });
            tt.assertAllEnded();
            assertThat(left.get()).isPositive().isLessThanOrEqualTo(TimeUnit.HOURS.toNanos(1));
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void await_interrupted_throwsIe_statusCleared_lockHeldAgain(Kind kind) throws Exception {
            Subject s = kind.create();
            Condition c = s.juc().newCondition();
            TaskThreads tt = new TaskThreads();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean statusAfter = new AtomicBoolean(true);
            AtomicBoolean heldAfter = new AtomicBoolean();
            AtomicBoolean entered = new AtomicBoolean();
            TaskGroup.run(tg -> {
                Thread th = tt.forkAndGetThread(tg, () -> {
                    s.juc().lock();
                    try {
                        entered.set(true);
                        c.await(1, TimeUnit.HOURS);
                    } catch (InterruptedException e) {
                        thrown.set(e);
                        statusAfter.set(Thread.currentThread().isInterrupted());
                        heldAfter.set(s.heldByMe().getAsBoolean());
                    } finally {
                        s.juc().unlock();
                    }
                    return null;
                });
                awaitWaitingOn(s, entered);
                th.interrupt();
                return null;
            });
            tt.assertAllEnded();
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
            assertThat(statusAfter.get()).isFalse();
            assertThat(heldAfter.get()).isTrue();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void awaitUninterruptibly_interrupted_keepsWaitingUntilSignalled_interruptReasserted(Kind kind)
                throws Exception {
            Subject s = kind.create();
            Condition c = s.juc().newCondition();
            TaskThreads tt = new TaskThreads();
            AtomicBoolean statusAfter = new AtomicBoolean();
            AtomicBoolean entered = new AtomicBoolean();
            AtomicBoolean returned = new AtomicBoolean();
            TaskGroup.run(tg -> {
                Thread th = tt.forkAndGetThread(tg, () -> {
                    s.juc().lock();
                    try {
                        entered.set(true);
                        c.awaitUninterruptibly();
                        returned.set(true);
                        statusAfter.set(Thread.interrupted());
                    } finally {
                        s.juc().unlock();
                    }
                    return null;
                });
                awaitWaitingOn(s, entered);
                th.interrupt();
                spinUntil(() -> th.getState() == Thread.State.WAITING);
                assertThat(returned.get()).isFalse();
                s.juc().lock();
                c.signal();
                s.juc().unlock();
                return null;
            });
            tt.assertAllEnded();
            assertThat(returned.get()).isTrue();
            assertThat(statusAfter.get()).isTrue();
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void await_inACancelledTask_throwsIeAtOnce_holdingTheLock(Kind kind) throws Exception {
            Subject s = kind.create();
            Condition c = s.juc().newCondition();
            AtomicBoolean heldAfter = new AtomicBoolean();
            TaskThreads tt = new TaskThreads();
            Throwable thrown = CancelledTask.nextCallAfterSwallowedCancel(() -> {
                tt.enter();
                s.juc().lock();
                try {
                    c.await();
                } finally {
                    heldAfter.set(s.heldByMe().getAsBoolean());
                    s.juc().unlock();
                }
            });
            tt.assertAllEnded();
            assertThat(thrown).isInstanceOf(InterruptedException.class);
            assertThat(heldAfter.get()).isTrue();
        }

        @Test
        void await_onAnRLockHeldTwice_releasesEveryHold_andRestoresThem() throws Exception {
            RLock r = new RLock();
            java.util.concurrent.locks.Lock juc = r.asJavaLock();
            Condition c = juc.newCondition();
            TaskThreads tt = new TaskThreads();
            AtomicInteger holdsAfter = new AtomicInteger();
            AtomicBoolean entered = new AtomicBoolean();
            TaskGroup.run(tg -> {
                tt.fork(tg, () -> {
                    juc.lock();
                    juc.lock();
                    entered.set(true);
                    c.await();
                    holdsAfter.set(r.holdCount());
                    juc.unlock();
                    juc.unlock();
                    return null;
                });
                spinUntil(() -> entered.get() && !r.isLocked()); // both holds released by await
                juc.lock();
                c.signal();
                juc.unlock();
                return null;
            });
            tt.assertAllEnded();
            assertThat(holdsAfter.get()).isEqualTo(2);
        }

        @Test
        void newCondition_twice_givesIndependentConditions() throws Exception {
            Lock l = new Lock();
            java.util.concurrent.locks.Lock juc = l.asJavaLock();
            Condition a = juc.newCondition();
            Condition b = juc.newCondition();
            assertThat(a).isNotSameAs(b);
            juc.lock();
            try {
                b.signal(); // no waiter on b: a no-op that must not disturb a
                assertThat(a.await(0, TimeUnit.SECONDS)).isFalse();
            } finally {
                juc.unlock();
            }
        }

        /**
         * Waits until a task that set {@code entered} while holding the lock is parked in a
         * condition wait: ConditionSync links the waiter before it releases the lock, so once the
         * lock is free again the task is waiting.
         */
        void awaitWaitingOn(Subject s, AtomicBoolean entered) {
            spinUntil(() -> entered.get() && !s.locked().getAsBoolean());
        }
    }
}
