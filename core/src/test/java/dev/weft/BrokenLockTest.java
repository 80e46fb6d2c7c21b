// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A lock whose holder ended without releasing it is broken (PRIOR-ART T1, Trio's trio#3035):
 * its waiters, and every later acquire that would wait, throw {@link DeadlockException} naming
 * the lock and the holder instead of waiting for ever. Runs under both engines.
 */
@Timeout(60)
class BrokenLockTest {

    /** Waits until {@code t} is parked (it has passed the contended path's checks). */
    private static void awaitParked(AtomicReference<Thread> t) {
        await().atMost(30, TimeUnit.SECONDS)
                .until(() -> t.get() != null && t.get().getState() == Thread.State.WAITING);
    }

    private static void assertBroken(Throwable e, String lock, String holder) {
        assertThat(e).isInstanceOf(DeadlockException.class);
        DeadlockException d = (DeadlockException) e;
        assertThat(d.getMessage())
                .startsWith(lock + " is broken: ")
                .contains("'" + holder + "' ended while holding it");
        assertThat(d.locks()).containsExactly(lock);
        assertThat(d.tasks()).singleElement().asString().contains("'" + holder + "'");
    }

    @Test
    void waitersParkedOnALock_whoseHolderTaskEndsWithoutReleasing_allGetDeadlockException() throws Exception {
        Lock lock = new Lock("shared");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        List<AtomicReference<Thread>> waiters = List.of(new AtomicReference<>(), new AtomicReference<>());
        List<AtomicReference<Throwable>> thrown = List.of(new AtomicReference<>(), new AtomicReference<>());
        TaskGroup.run("g", tg -> {
            tg.fork("holder", () -> {
                lock.acquire();
                held.countDown();
                end.await();
                return null; // ends holding the lock
            });
            held.await();
            for (int i = 0; i < 2; i++) {
                int n = i;
                tg.fork("waiter-" + i, () -> {
                    waiters.get(n).set(Thread.currentThread());
                    try {
                        lock.acquire();
                        lock.release();
                    } catch (DeadlockException e) {
                        thrown.get(n).set(e);
                    }
                    return null;
                });
            }
            waiters.forEach(BrokenLockTest::awaitParked);
            end.countDown();
            return null;
        });
        for (AtomicReference<Throwable> e : thrown) {
            assertBroken(e.get(), "Lock 'shared'", "g/holder");
        }
        assertThat(lock.tryAcquire()).isFalse();
    }

    @Test
    void acquire_afterTheHolderTaskEnded_throwsAtOnce_tryAcquireFails_andTimedAcquireThrows() throws Exception {
        Lock lock = new Lock("left");
        TaskGroup.run("g", tg -> {
            tg.fork("holder", () -> {
                lock.acquire();
                return null;
            });
            return null;
        });

        assertThat(lock.tryAcquire()).isFalse();
        assertThatThrownBy(lock::acquire).satisfies(e -> assertBroken(e, "Lock 'left'", "g/holder"));
        assertThatThrownBy(() -> lock.tryAcquire(Duration.ofHours(1)))
                .satisfies(e -> assertBroken(e, "Lock 'left'", "g/holder"));
        assertThatThrownBy(() -> lock.asJavaLock().lock()).satisfies(e -> assertBroken(e, "Lock 'left'", "g/holder"));
        assertThat(lock.toString()).contains("locked");
    }

    @Test
    void rlockHeldTwice_byATaskThatEnds_isBrokenForItsWaiter() throws Exception {
        RLock lock = new RLock("re");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        TaskGroup.run("g", tg -> {
            tg.fork("holder", () -> {
                lock.acquire();
                lock.acquire();
                lock.release(); // still held once
                held.countDown();
                end.await();
                return null;
            });
            held.await();
            tg.fork("waiter", () -> {
                waiter.set(Thread.currentThread());
                try {
                    lock.acquire();
                } catch (DeadlockException e) {
                    thrown.set(e);
                }
                return null;
            });
            awaitParked(waiter);
            end.countDown();
            return null;
        });
        assertBroken(thrown.get(), "RLock 're'", "g/holder");
    }

    @Test
    void aPlainThreadThatEndsHoldingALock_breaksItForAcquiresThatComeLater() throws Exception {
        Lock lock = new Lock("plain");
        Thread t = Thread.ofPlatform().name("plain-holder").start(() -> {
            try {
                lock.acquire();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        t.join();
        assertThatThrownBy(() -> TaskGroup.run(tg -> tg.fork(() -> {
                            lock.acquire();
                            return null;
                        })
                        .join()))
                .isInstanceOf(TaskGroupException.class)
                .cause()
                .satisfies(e -> assertBroken(e, "Lock 'plain'", "plain-holder"));
    }

    @Test
    void conditionWaiter_whoseLockIsLeftHeldByTheTaskThatSignalledIt_getsDeadlockExceptionFromAwait() throws Exception {
        Lock lock = new Lock("cond");
        Condition ready = new Condition(lock);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        TaskGroup.run("g", tg -> {
            tg.fork("waiter", () -> {
                lock.acquire();
                waiter.set(Thread.currentThread());
                try {
                    ready.await(); // releases the lock; must re-take it before returning
                    lock.release();
                } catch (DeadlockException e) {
                    thrown.set(e);
                }
                return null;
            });
            awaitParked(waiter);
            tg.fork("signaller", () -> {
                lock.acquire();
                ready.signal();
                return null; // ends holding the lock the waiter must re-take
            });
            return null;
        });
        assertBroken(thrown.get(), "Lock 'cond'", "g/signaller");
    }

    @Test
    void aHolderThatReleasesBeforeItEnds_leavesTheLockUsable_evenAfterWaitersWatchedIt() throws Exception {
        Lock lock = new Lock("fine");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        List<String> order = new ArrayList<>();
        TaskGroup.run(tg -> {
            tg.fork("holder", () -> {
                lock.acquire();
                held.countDown();
                end.await();
                order.add("holder");
                lock.release();
                return null;
            });
            held.await();
            tg.fork("waiter", () -> {
                waiter.set(Thread.currentThread());
                lock.acquire();
                order.add("waiter");
                lock.release();
                return null;
            });
            awaitParked(waiter);
            end.countDown();
            return null;
        });
        assertThat(order).containsExactly("holder", "waiter");
        assertThat(lock.tryAcquire()).isTrue();
        lock.release();
    }

    @Test
    void aHolderEndingJustAsAWaiterStartsToWait_neverLeavesTheWaiterHanging() throws Exception {
        for (int round = 0; round < 200; round++) {
            Lock lock = new Lock("race-" + round);
            CyclicBarrier go = new CyclicBarrier(2);
            CountDownLatch held = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            TaskGroup.run("r", tg -> {
                tg.fork("holder", () -> {
                    lock.acquire();
                    held.countDown();
                    go.await();
                    return null; // ends holding it, racing the waiter's first wait
                });
                held.await();
                tg.fork("waiter", () -> {
                    go.await();
                    try {
                        lock.acquire();
                    } catch (DeadlockException e) {
                        thrown.set(e);
                    }
                    return null;
                });
                return null;
            });
            assertThat(thrown.get()).as("round %d", round).isInstanceOf(DeadlockException.class);
        }
    }
}
