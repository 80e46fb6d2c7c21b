// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static dev.weft.SyncTesting.freezeVirtualThreads;
import static dev.weft.SyncTesting.spinUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5, acceptance items 3 and 8: cancellation safety of the synchronization primitives.
 * The 10,000-round races run their driver in a virtual thread ({@code Weft.run}), so each round
 * is a handful of virtual-thread hand-offs rather than OS-level wake-ups of the test thread.
 * The invariants are those of bugs asyncio and kotlinx.coroutines shipped: a waiter woken and
 * cancelled at once passes its wake-up on (asyncio bpo-27585, gh-112202); permits are conserved
 * (kotlinx #1477, #2233); a cancelled acquire never leaves the lock held (kotlinx #2380); hand-off wins a race with
 * cancellation and re-asserts the interrupt (README, Guarantees).
 */
@Timeout(60)
class SyncCancellationTest {

    static final int ROUNDS = 10_000;

    /** Waits until the task's thread has ended (join of a cancelled task throws, after it ended). */
    static void awaitEnd(Task<?> t) throws InterruptedException {
        try {
            t.join();
        } catch (CancellationException expected) {
            // the task was cancelled; join returned after its thread ended
        }
    }

    /**
     * Runs one race between a hand-off and cancelling its victim, varying who goes first: hand-off
     * then cancel, cancel then hand-off, and cancel, a few yields (letting the victim start to
     * withdraw), then hand-off. Each hand-off lands at a different point of the waiter's path.
     */
    static void race(int round, Task<?> victim, Runnable handOff) {
        switch (round % 3) {
            case 0 -> {
                handOff.run();
                victim.cancel();
            }
            case 1 -> {
                victim.cancel();
                handOff.run();
            }
            default -> {
                victim.cancel();
                for (int i = round % 5; i > 0; i--) {
                    Thread.yield();
                }
                handOff.run();
            }
        }
    }

    @Nested
    class HandOffRacingCancel {

        @Test
        void lock_waiterCancelledAsLockHandedToIt_lockPassesOnNoDeadlock() throws Exception {
            Lock lock = new Lock();
            AtomicInteger kept = new AtomicInteger();
            AtomicInteger cancelled = new AtomicInteger();
            Weft.run(() -> TaskGroup.run(tg -> {
                for (int round = 0; round < ROUNDS; round++) {
                    lock.acquire();
                    Task<Object> a = tg.fork(() -> {
                        try {
                            lock.acquire();
                        } catch (InterruptedException e) {
                            cancelled.incrementAndGet();
                            return null;
                        }
                        kept.incrementAndGet(); // hand-off won: this waiter holds the lock, releases it
                        lock.release();
                        return null;
                    });
                    spinUntil(() -> lock.queueLength() == 1);
                    Task<Object> b = tg.fork(() -> {
                        lock.acquire();
                        lock.release();
                        return null;
                    });
                    spinUntil(() -> lock.queueLength() == 2);
                    race(round, a, lock::release);
                    b.join(); // the lock reached the next waiter
                    awaitEnd(a);
                    assertThat(lock.isLocked()).isFalse();
                }
                return null;
            }));
            assertThat(kept.get() + cancelled.get()).isEqualTo(ROUNDS);
            assertThat(lock.queueLength()).isZero();
            assertThat(lock.tryAcquire()).isTrue();
        }

        @Test
        void semaphore_waiterCancelledAsPermitHandedToIt_permitsConserved() throws Exception {
            Semaphore sem = new Semaphore(3);
            AtomicInteger kept = new AtomicInteger();
            AtomicInteger cancelled = new AtomicInteger();
            Weft.run(() -> TaskGroup.run(tg -> {
                for (int round = 0; round < ROUNDS; round++) {
                    sem.acquire();
                    sem.acquire();
                    sem.acquire();
                    Task<Object> a = tg.fork(() -> {
                        try {
                            if (!sem.tryAcquire(Duration.ofMinutes(5))) {
                                throw new AssertionError("timed out");
                            }
                        } catch (InterruptedException e) {
                            cancelled.incrementAndGet();
                            return null;
                        }
                        kept.incrementAndGet();
                        sem.release();
                        return null;
                    });
                    spinUntil(() -> sem.queueLength() == 1);
                    Task<Object> b = tg.fork(() -> {
                        sem.acquire();
                        sem.release();
                        return null;
                    });
                    spinUntil(() -> sem.queueLength() == 2);
                    race(round, a, sem::release);
                    b.join();
                    awaitEnd(a);
                    sem.release();
                    sem.release();
                    assertThat(sem.availablePermits()).isEqualTo(3);
                }
                return null;
            }));
            assertThat(kept.get() + cancelled.get()).isEqualTo(ROUNDS);
            assertThat(sem.availablePermits()).isEqualTo(3);
            assertThat(sem.queueLength()).isZero();
        }

        @Test
        void condition_waiterCancelledAsSignalled_signalReachesAnotherWaiter() throws Exception {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            AtomicInteger kept = new AtomicInteger();
            AtomicInteger cancelled = new AtomicInteger();
            Weft.run(() -> TaskGroup.run(tg -> {
                for (int round = 0; round < ROUNDS; round++) {
                    Task<Object> a = tg.fork(() -> {
                        lock.acquire();
                        try {
                            cond.await();
                            kept.incrementAndGet(); // the signal won; returned normally
                        } catch (InterruptedException e) {
                            cancelled.incrementAndGet();
                        } finally {
                            lock.release();
                        }
                        return null;
                    });
                    spinUntil(() -> cond.queueLength() == 1);
                    Task<Object> b = tg.fork(() -> {
                        try (Guard g = lock.hold()) {
                            cond.await();
                        }
                        return null;
                    });
                    spinUntil(() -> cond.queueLength() == 2);
                    int keptBefore = kept.get();
                    race(round, a, () -> signalOnce(lock, cond));
                    awaitEnd(a);
                    if (kept.get() > keptBefore) {
                        // a consumed the one signal, so b must still wait: signal(1) woke one
                        assertThat(cond.queueLength()).isEqualTo(1);
                        signalOnce(lock, cond);
                    }
                    b.join(); // a cancelled a: the single signal reached b, or b hangs here
                }
                return null;
            }));
            assertThat(kept.get() + cancelled.get()).isEqualTo(ROUNDS);
            assertThat(cond.queueLength()).isZero();
            assertThat(lock.isLocked()).isFalse();
        }

        static void signalOnce(Lock lock, Condition cond) {
            try (Guard g = lock.hold()) {
                cond.signal();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** A blocking wait, a way to satisfy it from a platform thread, and its queue length. */
    record HandOff(String name, Runnable setup, WaiterBody waiter, Runnable grant, IntSupplier queued) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface WaiterBody {
        void run() throws Exception;
    }

    static Stream<HandOff> handOffs() {
        Lock lock = new Lock();
        Semaphore sem = new Semaphore(0);
        Semaphore timedSem = new Semaphore(0);
        Event event = new Event();
        Lock condLock = new Lock();
        Condition cond = new Condition(condLock);
        Barrier barrier = new Barrier(2);
        return Stream.of(
                new HandOff(
                        "Lock.acquire",
                        () -> assertThat(lock.tryAcquire()).isTrue(),
                        () -> {
                            lock.acquire();
                            lock.release();
                        },
                        lock::release,
                        lock::queueLength),
                new HandOff("Semaphore.acquire", () -> {}, sem::acquire, sem::release, sem::queueLength),
                new HandOff(
                        "Semaphore.tryAcquire(Duration)",
                        () -> {},
                        () -> {
                            assertThat(timedSem.tryAcquire(Duration.ofMinutes(5)))
                                    .isTrue();
                        },
                        timedSem::release,
                        timedSem::queueLength),
                new HandOff("Event.await", () -> {}, event::await, event::set, event::queueLength),
                new HandOff(
                        "Condition.await",
                        () -> {},
                        () -> {
                            try (Guard g = condLock.hold()) {
                                cond.await();
                            }
                        },
                        () -> HandOffRacingCancel.signalOnce(condLock, cond),
                        cond::queueLength),
                new HandOff(
                        "Barrier.await",
                        () -> {},
                        barrier::await,
                        () -> {
                            try {
                                assertThat(barrier.await()).isEqualTo(1);
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        },
                        barrier::waiting));
    }

    /**
     * README, Guarantees: when a hand-off and a cancellation race, the hand-off wins and the interrupt
     * is re-asserted. Made deterministic by keeping every carrier busy, so the waiter cannot run
     * between being granted and being cancelled.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("handOffs")
    void handOffThenCancelBeforeWaiterRuns_handOffWinsInterruptReasserted(HandOff h) throws Exception {
        AtomicReference<String> outcome = new AtomicReference<>();
        h.setup().run(); // e.g. the test thread takes the lock the waiter will wait for
        TaskGroup.run(tg -> {
            Task<Object> waiter = tg.fork(() -> {
                try {
                    h.waiter().run();
                    outcome.set(Thread.currentThread().isInterrupted() ? "returned, interrupted" : "returned");
                } catch (InterruptedException e) {
                    outcome.set("threw InterruptedException");
                }
                return null;
            });
            spinUntil(() -> h.queued().getAsInt() == 1);
            try (var frozen = freezeVirtualThreads()) {
                h.grant().run();
                waiter.cancel();
            }
            awaitEnd(waiter);
            return null;
        });
        assertThat(outcome.get()).isEqualTo("returned, interrupted");
        assertThat(h.queued().getAsInt()).isZero();
    }

    @Test
    void cancelledWaiters_manyAtOnce_leaveNoTraceAndResourcesUsable() throws Exception {
        Lock lock = new Lock();
        Semaphore sem = new Semaphore(0);
        Event event = new Event();
        Barrier barrier = new Barrier(1_001);
        lock.acquire();
        try (var tg = TaskGroup.open()) {
            for (int i = 0; i < 1_000; i++) {
                tg.fork(() -> {
                    lock.acquire();
                    return null;
                });
                tg.fork(() -> {
                    sem.acquire();
                    return null;
                });
                tg.fork(() -> {
                    event.await();
                    return null;
                });
                tg.fork(barrier::await);
            }
            spinUntil(() -> lock.queueLength() == 1_000
                    && sem.queueLength() == 1_000
                    && event.queueLength() == 1_000
                    && barrier.waiting() == 1_000);
            tg.cancel();
            tg.join();
        }
        assertThat(lock.queueLength()).isZero();
        assertThat(sem.queueLength()).isZero();
        assertThat(event.queueLength()).isZero();
        assertThat(barrier.waiting()).isZero();
        assertThat(barrier.isBroken()).isFalse();
        lock.release();
        assertThat(lock.tryAcquire()).isTrue();
        sem.release();
        assertThat(sem.availablePermits()).isEqualTo(1);
    }
}
