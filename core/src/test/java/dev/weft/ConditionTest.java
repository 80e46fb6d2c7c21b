// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static dev.weft.SyncTesting.spinUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 5, acceptance item 6: {@link Condition}. */
@Timeout(60)
class ConditionTest {

    @Nested
    class Misuse {
        @Test
        void everyMethod_withoutLock_throwsIllegalStateEvenIfPredicateHolds() {
            Lock lock = new Lock();
            Condition c = new Condition(lock);
            AtomicBoolean evaluated = new AtomicBoolean();
            assertThatThrownBy(c::await).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> c.await(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> c.awaitUntil(() -> evaluated.getAndSet(true) || true))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> c.awaitUntil(() -> evaluated.getAndSet(true) || true, Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(c::signal).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> c.signal(2)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(c::signalAll).isInstanceOf(IllegalStateException.class);
            assertThat(evaluated).isFalse();
        }

        @Test
        void methods_lockHeldByOtherTask_throwIllegalState() throws Exception {
            Lock lock = new Lock();
            Condition c = new Condition(lock);
            lock.acquire();
            TaskGroup.run(tg -> tg.fork(() -> {
                        assertThatThrownBy(c::signal).isInstanceOf(IllegalStateException.class);
                        assertThatThrownBy(c::await).isInstanceOf(IllegalStateException.class);
                        return null;
                    })
                    .join());
            lock.release();
        }

        @Test
        void argumentsChecked() throws Exception {
            Lock lock = new Lock();
            Condition c = new Condition(lock);
            assertThatThrownBy(() -> new Condition((Lock) null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new Condition((RLock) null)).isInstanceOf(NullPointerException.class);
            lock.acquire();
            assertThatThrownBy(() -> c.awaitUntil(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> c.await(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> c.signal(-1)).isInstanceOf(IllegalArgumentException.class);
            lock.release();
        }
    }

    @Nested
    class AwaitUntil {
        @Test
        void awaitUntil_returnsOncePredicateHolds_withLockHeld() throws Exception {
            Lock lock = new Lock();
            Condition c = new Condition(lock);
            int[] value = {0};
            TaskGroup.run(tg -> {
                Task<Boolean> waiter = tg.fork(() -> {
                    try (Guard g = lock.hold()) {
                        c.awaitUntil(() -> value[0] == 3);
                        return lock.isHeldByCurrentTask() && value[0] == 3;
                    }
                });
                for (int i = 1; i <= 3; i++) {
                    spinUntil(() -> c.queueLength() == 1);
                    try (Guard g = lock.hold()) {
                        value[0] = i;
                        c.signal();
                    }
                }
                assertThat(waiter.join()).isTrue();
                return null;
            });
        }

        @Test
        void awaitUntilDuration_predicateNeverHolds_returnsFalseWithLockHeld() throws Exception {
            Lock lock = new Lock();
            Condition c = new Condition(lock);
            try (Guard g = lock.hold()) {
                assertThat(c.awaitUntil(() -> false, Duration.ofMillis(20))).isFalse();
                assertThat(lock.isHeldByCurrentTask()).isTrue();
                assertThat(c.awaitUntil(() -> true, Duration.ZERO)).isTrue();
            }
        }

        @Test
        void await_withRLock_restoresHoldCount() throws Exception {
            RLock lock = new RLock();
            Condition c = new Condition(lock);
            TaskGroup.run(tg -> {
                Task<Integer> waiter = tg.fork(() -> {
                    lock.acquire();
                    lock.acquire();
                    c.await();
                    int holds = lock.holdCount();
                    lock.release();
                    lock.release();
                    return holds;
                });
                spinUntil(() -> c.queueLength() == 1);
                try (Guard g = lock.hold()) { // the waiter released both holds
                    c.signal();
                }
                assertThat(waiter.join()).isEqualTo(2);
                return null;
            });
        }
    }

    @Nested
    class Signal {
        @Test
        void signalN_wakesAtMostN() throws Exception {
            Lock lock = new Lock();
            Condition c = new Condition(lock);
            AtomicInteger woken = new AtomicInteger();
            TaskGroup.run(tg -> {
                for (int i = 0; i < 5; i++) {
                    tg.fork(() -> {
                        try (Guard g = lock.hold()) {
                            c.await();
                            woken.incrementAndGet();
                        }
                        return null;
                    });
                }
                spinUntil(() -> c.queueLength() == 5);
                try (Guard g = lock.hold()) {
                    c.signal(2);
                }
                spinUntil(() -> woken.get() == 2);
                assertThat(c.queueLength()).isEqualTo(3);
                try (Guard g = lock.hold()) {
                    assertThat(woken.get()).isEqualTo(2);
                    c.signalAll();
                }
                return null;
            });
            assertThat(woken.get()).isEqualTo(5);
        }

        @Test
        void signal_wakesInFifoOrder() throws Exception {
            Lock lock = new Lock();
            Condition c = new Condition(lock);
            Queue<Integer> order = new ConcurrentLinkedQueue<>();
            TaskGroup.run(tg -> {
                for (int i = 0; i < 10; i++) {
                    int id = i;
                    tg.fork(() -> {
                        try (Guard g = lock.hold()) {
                            c.await();
                            order.add(id);
                        }
                        return null;
                    });
                    spinUntil(() -> c.queueLength() == id + 1);
                }
                // One signal at a time: woken waiters then compete for the lock, so record each
                // before waking the next; the order seen is then exactly the wake-up order.
                for (int i = 0; i < 10; i++) {
                    int woken = i + 1;
                    try (Guard g = lock.hold()) {
                        c.signal();
                    }
                    spinUntil(() -> order.size() == woken);
                }
                return null;
            });
            assertThat(order).containsExactlyElementsOf(LockTest.range(10));
        }

        @Test
        void await_cancelled_reacquiresLockBeforeThrowing() throws Exception {
            Lock lock = new Lock();
            Condition c = new Condition(lock);
            TaskGroup.run(tg -> {
                AtomicBoolean heldWhenThrown = new AtomicBoolean();
                Task<Object> w = tg.fork(() -> {
                    lock.acquire();
                    try {
                        c.await();
                    } catch (InterruptedException e) {
                        heldWhenThrown.set(lock.isHeldByCurrentTask());
                        throw e;
                    } finally {
                        lock.release();
                    }
                    return null;
                });
                spinUntil(() -> c.queueLength() == 1);
                lock.acquire(); // the waiter must wait for the lock before it can throw
                w.cancel();
                spinUntil(() -> lock.queueLength() == 1);
                assertThat(w.isDone()).isTrue(); // Future state; the thread is still blocked on the lock
                lock.release();
                assertThatThrownBy(w::join).isInstanceOf(CancellationException.class);
                assertThat(heldWhenThrown).isTrue();
                return null;
            });
            assertThat(lock.isLocked()).isFalse();
            assertThat(c.queueLength()).isZero();
        }
    }
}
