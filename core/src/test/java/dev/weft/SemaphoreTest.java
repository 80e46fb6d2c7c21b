// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static dev.weft.SyncTesting.spinUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 5, acceptance item 4: {@link Semaphore} and {@link BoundedSemaphore}. */
@Timeout(60)
class SemaphoreTest {

    @Nested
    class Construction {
        @Test
        void new_negativePermits_throwsIllegalArgument() {
            assertThatThrownBy(() -> new Semaphore(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(">= 0");
            assertThatThrownBy(() -> new BoundedSemaphore(-3)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void new_zeroPermits_isLocked() {
            Semaphore s = new Semaphore(0);
            assertThat(s.isLocked()).isTrue();
            assertThat(s.tryAcquire()).isFalse();
        }
    }

    @Nested
    class Acquire {
        @Test
        void acquire_thousandContendingTasks_neverMoreHoldersThanPermits() throws Exception {
            Semaphore sem = new Semaphore(7);
            AtomicInteger holders = new AtomicInteger();
            AtomicInteger maxSeen = new AtomicInteger();
            TaskGroup.run(tg -> {
                for (int t = 0; t < 1_000; t++) {
                    tg.fork(() -> {
                        for (int i = 0; i < 20; i++) {
                            try (Guard g = sem.hold()) {
                                int h = holders.incrementAndGet();
                                maxSeen.accumulateAndGet(h, Math::max);
                                Thread.yield();
                                holders.decrementAndGet();
                            }
                        }
                        return null;
                    });
                }
                return null;
            });
            assertThat(maxSeen.get()).isBetween(1, 7);
            assertThat(sem.availablePermits()).isEqualTo(7);
        }

        @Test
        void acquire_waiters_acquireInArrivalOrder() throws Exception {
            Semaphore sem = new Semaphore(0);
            Queue<Integer> order = new ConcurrentLinkedQueue<>();
            TaskGroup.run(tg -> {
                for (int i = 0; i < 20; i++) {
                    int id = i;
                    tg.fork(() -> {
                        sem.acquire();
                        order.add(id);
                        return null;
                    });
                    spinUntil(() -> sem.queueLength() == id + 1);
                }
                // One permit at a time: granted waiters run in parallel, so record each before
                // handing out the next; the order seen is then exactly the grant order.
                for (int i = 0; i < 20; i++) {
                    int granted = i + 1;
                    sem.release();
                    spinUntil(() -> order.size() == granted);
                }
                return null;
            });
            assertThat(order).containsExactlyElementsOf(LockTest.range(20));
            assertThat(sem.availablePermits()).isZero();
        }

        @Test
        void acquire_releaseAndReacquire_queuesBehindWaiters() throws Exception {
            Semaphore sem = new Semaphore(1);
            Queue<String> order = new ConcurrentLinkedQueue<>();
            Event mayRelease = new Event();
            sem.acquire();
            TaskGroup.run(tg -> {
                tg.fork(() -> {
                    sem.acquire();
                    order.add("waiter");
                    mayRelease.await();
                    sem.release();
                    return null;
                });
                spinUntil(() -> sem.queueLength() == 1);
                sem.release();
                assertThat(sem.tryAcquire()).isFalse(); // the permit was handed to the waiter
                mayRelease.set();
                sem.acquire();
                order.add("releaser");
                sem.release();
                return null;
            });
            assertThat(order).containsExactly("waiter", "releaser");
            assertThat(sem.availablePermits()).isEqualTo(1);
        }

        @Test
        void acquire_cancelledWhileWaiting_leavesNoTraceAndNoPermitLost() throws Exception {
            Semaphore sem = new Semaphore(2);
            sem.acquire();
            sem.acquire();
            TaskGroup.run(tg -> {
                Task<Object> waiter = tg.fork(() -> {
                    sem.acquire();
                    throw new AssertionError("acquired");
                });
                spinUntil(() -> sem.queueLength() == 1);
                assertThat(sem.isLocked()).isTrue();
                waiter.cancel();
                assertThatThrownBy(waiter::join).isInstanceOf(CancellationException.class);
                assertThat(sem.queueLength()).isZero();
                return null;
            });
            sem.release();
            sem.release();
            assertThat(sem.availablePermits()).isEqualTo(2);
        }

        @Test
        void tryAcquireDuration_hundredThousandTimedOutWaiters_queueDoesNotGrow() throws Exception {
            Semaphore sem = new Semaphore(0);
            TaskGroup.run(tg -> {
                for (int t = 0; t < 4; t++) {
                    tg.fork(() -> {
                        for (int i = 0; i < 25_000; i++) {
                            if (sem.tryAcquire(Duration.ofNanos(1_000))) {
                                throw new AssertionError("acquired from an empty semaphore");
                            }
                        }
                        return null;
                    });
                }
                return null;
            });
            assertThat(sem.queueLength()).isZero();
            assertThat(sem.isLocked()).isTrue();
            sem.release();
            assertThat(sem.availablePermits()).isEqualTo(1);
            assertThat(sem.isLocked()).isFalse();
        }

        @Test
        void tryAcquireDuration_nonPositive_triesOnceWithoutWaiting() throws Exception {
            Semaphore sem = new Semaphore(1);
            assertThat(sem.tryAcquire(Duration.ofSeconds(-1))).isTrue();
            assertThat(sem.tryAcquire(Duration.ZERO)).isFalse();
            assertThatThrownBy(() -> sem.tryAcquire(null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    class IsLocked {
        @Test
        void isLocked_asAsyncioDefinesIt() throws Exception {
            Semaphore sem = new Semaphore(1);
            assertThat(sem.isLocked()).isFalse();
            sem.acquire();
            assertThat(sem.isLocked()).isTrue(); // no permit
            TaskGroup.run(tg -> {
                Task<Object> w = tg.fork(() -> {
                    sem.acquire();
                    sem.release();
                    return null;
                });
                spinUntil(() -> sem.queueLength() == 1);
                assertThat(sem.isLocked()).isTrue(); // a waiter queued
                sem.release(); // handed to the waiter, never free in between
                w.join();
                return null;
            });
            assertThat(sem.isLocked()).isFalse();
            assertThat(sem.availablePermits()).isEqualTo(1);
        }

        @Test
        void isLocked_onlyCancelledWaitersLeft_isFalseOncePermitFree() throws Exception {
            Semaphore sem = new Semaphore(0);
            TaskGroup.run(tg -> {
                Task<Object> w = tg.fork(() -> {
                    sem.acquire();
                    return null;
                });
                spinUntil(() -> sem.queueLength() == 1);
                w.cancel();
                assertThatThrownBy(w::join).isInstanceOf(CancellationException.class);
                return null;
            });
            sem.release();
            assertThat(sem.isLocked()).isFalse();
        }
    }

    @Nested
    class Release {
        @Test
        void release_plainSemaphore_mayExceedStart() {
            Semaphore sem = new Semaphore(1);
            sem.release();
            assertThat(sem.availablePermits()).isEqualTo(2);
        }

        @Test
        void release_boundedAboveStart_throwsIllegalState() throws Exception {
            BoundedSemaphore sem = new BoundedSemaphore(2);
            assertThatThrownBy(sem::release)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("released more often than acquired");
            sem.acquire();
            sem.release();
            assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class);
            assertThat(sem.availablePermits()).isEqualTo(2);
        }

        @Test
        void release_boundedZero_throwsEvenWithWaiters() throws Exception {
            BoundedSemaphore sem = new BoundedSemaphore(0);
            TaskGroup.run(tg -> {
                Task<Object> w = tg.fork(() -> {
                    sem.acquire();
                    return null;
                });
                spinUntil(() -> sem.queueLength() == 1);
                assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class);
                w.cancel();
                return null;
            });
            assertThat(sem.queueLength()).isZero();
        }

        @Test
        void hold_close_releasesOnce() throws Exception {
            Semaphore sem = new Semaphore(1);
            Guard g = sem.hold();
            assertThat(sem.availablePermits()).isZero();
            g.close();
            assertThatThrownBy(g::close).isInstanceOf(IllegalStateException.class);
            assertThat(sem.availablePermits()).isEqualTo(1);
        }
    }
}
