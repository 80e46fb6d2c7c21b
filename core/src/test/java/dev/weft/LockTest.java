// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static dev.weft.SyncTesting.spinUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 5, acceptance items 1 and 2: {@link Lock} and {@link RLock}. */
@Timeout(60)
class LockTest {

    @Nested
    class Acquire {
        @Test
        void acquire_thousandTasksThousandIncrements_exactTotal() throws Exception {
            Lock lock = new Lock();
            long[] counter = {0};
            TaskGroup.run(tg -> {
                for (int t = 0; t < 1_000; t++) {
                    tg.fork(() -> {
                        for (int i = 0; i < 1_000; i++) {
                            lock.acquire();
                            try {
                                counter[0]++;
                            } finally {
                                lock.release();
                            }
                        }
                        return null;
                    });
                }
                return null;
            });
            assertThat(counter[0]).isEqualTo(1_000_000L);
            assertThat(lock.isLocked()).isFalse();
        }

        @Test
        void acquire_waiters_acquireInArrivalOrder() throws Exception {
            Lock lock = new Lock();
            Queue<Integer> order = new ConcurrentLinkedQueue<>();
            lock.acquire();
            TaskGroup.run(tg -> {
                for (int i = 0; i < 20; i++) {
                    int id = i;
                    tg.fork(() -> {
                        lock.acquire();
                        order.add(id);
                        lock.release();
                        return null;
                    });
                    spinUntil(() -> lock.queueLength() == id + 1);
                }
                lock.release();
                return null;
            });
            assertThat(order).containsExactlyElementsOf(range(20));
        }

        @Test
        void acquire_releaseAndReacquire_queuesBehindWaiters() throws Exception {
            Lock lock = new Lock();
            Queue<String> order = new ConcurrentLinkedQueue<>();
            lock.acquire();
            TaskGroup.run(tg -> {
                tg.fork(() -> {
                    lock.acquire();
                    order.add("waiter");
                    lock.release();
                    return null;
                });
                spinUntil(() -> lock.queueLength() == 1);
                lock.release();
                lock.acquire(); // must not barge ahead of the queued waiter
                order.add("releaser");
                lock.release();
                return null;
            });
            assertThat(order).containsExactly("waiter", "releaser");
        }

        @Test
        void acquire_byHolder_throwsIllegalStateInsteadOfDeadlock() throws Exception {
            Lock lock = new Lock();
            lock.acquire();
            assertThatThrownBy(lock::acquire)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("RLock");
            assertThatThrownBy(lock::tryAcquire).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> lock.tryAcquire(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(lock::hold).isInstanceOf(IllegalStateException.class);
            assertThat(lock.isHeldByCurrentTask()).isTrue();
            lock.release();
            assertThat(lock.isLocked()).isFalse();
        }

        @Test
        void acquire_cancelledWhileWaiting_leavesNoTraceInQueue() throws Exception {
            Lock lock = new Lock();
            lock.acquire();
            TaskGroup.run(tg -> {
                Task<Object> waiter = tg.fork(() -> {
                    lock.acquire();
                    throw new AssertionError("acquired a held lock");
                });
                spinUntil(() -> lock.queueLength() == 1);
                waiter.cancel();
                assertThatThrownBy(waiter::join).isInstanceOf(CancellationException.class);
                assertThat(lock.queueLength()).isZero();
                return null;
            });
            lock.release();
            assertThat(lock.tryAcquire()).isTrue();
            lock.release();
        }
    }

    @Nested
    class TryAcquire {
        @Test
        void tryAcquire_free_acquires() {
            Lock lock = new Lock();
            assertThat(lock.tryAcquire()).isTrue();
            assertThat(lock.isLocked()).isTrue();
            lock.release();
        }

        @Test
        void tryAcquireDuration_timesOut_lockStaysUsable() throws Exception {
            Lock lock = new Lock();
            TaskGroup.run(tg -> {
                CountDownLatch held = new CountDownLatch(1);
                CountDownLatch done = new CountDownLatch(1);
                tg.fork(() -> {
                    lock.acquire();
                    held.countDown();
                    done.await();
                    lock.release();
                    return null;
                });
                held.await();
                assertThat(lock.tryAcquire(Duration.ofMillis(20))).isFalse();
                assertThat(lock.tryAcquire(Duration.ofNanos(-5))).isFalse();
                assertThat(lock.queueLength()).isZero();
                done.countDown();
                return null;
            });
            assertThat(lock.tryAcquire(Duration.ofSeconds(30))).isTrue();
            lock.release();
        }

        @Test
        void tryAcquireDuration_handedOverWhileWaiting_returnsTrue() throws Exception {
            Lock lock = new Lock();
            lock.acquire();
            TaskGroup.run(tg -> {
                Task<Boolean> t = tg.fork(() -> {
                    boolean got = lock.tryAcquire(Duration.ofMinutes(5));
                    lock.release();
                    return got;
                });
                spinUntil(() -> lock.queueLength() == 1);
                lock.release();
                assertThat(t.join()).isTrue();
                return null;
            });
        }

        @Test
        void tryAcquireDuration_null_throwsNpe() {
            assertThatThrownBy(() -> new Lock().tryAcquire(null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    class Release {
        @Test
        void release_unheld_throwsIllegalState() {
            Lock lock = new Lock();
            assertThatThrownBy(lock::release)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not locked");
        }

        @Test
        void release_heldByOtherTask_throwsIllegalState() throws Exception {
            Lock lock = new Lock();
            lock.acquire();
            TaskGroup.run(tg -> tg.fork(() -> {
                        assertThatThrownBy(lock::release)
                                .isInstanceOf(IllegalStateException.class)
                                .hasMessageContaining("another task");
                        return null;
                    })
                    .join());
            assertThat(lock.isHeldByCurrentTask()).isTrue();
            lock.release();
        }

        @Test
        void hold_closedTwice_throwsIllegalState() throws Exception {
            Lock lock = new Lock();
            Guard g = lock.hold();
            g.close();
            assertThat(lock.isLocked()).isFalse();
            assertThatThrownBy(g::close).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class Reentrant {
        @Test
        void acquire_byHolder_countsHolds() throws Exception {
            RLock lock = new RLock();
            try (Guard a = lock.hold()) {
                lock.acquire();
                assertThat(lock.tryAcquire()).isTrue();
                assertThat(lock.tryAcquire(Duration.ZERO)).isTrue();
                assertThat(lock.holdCount()).isEqualTo(4);
                lock.release();
                lock.release();
                lock.release();
                assertThat(lock.holdCount()).isEqualTo(1);
                assertThat(lock.isLocked()).isTrue();
            }
            assertThat(lock.isLocked()).isFalse();
            assertThat(lock.holdCount()).isZero();
        }

        @Test
        void release_byNonOwner_throwsIllegalState() throws Exception {
            RLock lock = new RLock();
            lock.acquire();
            TaskGroup.run(tg -> tg.fork(() -> {
                        assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class);
                        assertThat(lock.tryAcquire()).isFalse();
                        return null;
                    })
                    .join());
            lock.release();
            assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void acquire_otherTaskWaitsUntilLastRelease() throws Exception {
            RLock lock = new RLock();
            lock.acquire();
            lock.acquire();
            TaskGroup.run(tg -> {
                Task<Integer> other = tg.fork(() -> {
                    lock.acquire();
                    int c = lock.holdCount();
                    lock.release();
                    return c;
                });
                spinUntil(() -> lock.queueLength() == 1);
                lock.release();
                assertThat(lock.queueLength()).isEqualTo(1);
                lock.release();
                assertThat(other.join()).isEqualTo(1);
                return null;
            });
        }
    }

    static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        return l;
    }
}
