// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Issue 17 / README "Deadlocks": a Lock or RLock acquire that would close a wait cycle throws
 * {@link DeadlockException} instead of hanging; nothing else ever does. Each test would hang
 * (and hit its timeout) if detection failed.
 */
@Timeout(60)
public class DeadlockDetectionTest {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(DeadlockException.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    /** One lock step of a cycle: hold {@code first}, wait until all hold theirs, take {@code second}. */
    private interface Locking {
        void lock() throws InterruptedException;

        void unlock();
    }

    private static Locking of(Lock l) {
        return new Locking() {
            public void lock() throws InterruptedException {
                l.acquire();
            }

            public void unlock() {
                l.release();
            }
        };
    }

    private static Locking of(RLock l) {
        return new Locking() {
            public void lock() throws InterruptedException {
                l.acquire();
            }

            public void unlock() {
                l.release();
            }
        };
    }

    /**
     * Runs a cycle of {@code locks.length} tasks: task i holds lock i and then acquires lock
     * i+1. Returns the DeadlockExceptions thrown; the other tasks must complete.
     */
    private static List<DeadlockException> cycle(Locking... locks) throws Exception {
        int n = locks.length;
        CountDownLatch allHold = new CountDownLatch(n);
        ConcurrentLinkedQueue<DeadlockException> thrown = new ConcurrentLinkedQueue<>();
        AtomicInteger completed = new AtomicInteger();
        TaskGroup.run("cycle", tg -> {
            for (int i = 0; i < n; i++) {
                Locking mine = locks[i];
                Locking next = locks[(i + 1) % n];
                tg.fork("t" + i, () -> {
                    mine.lock();
                    try {
                        allHold.countDown();
                        allHold.await();
                        next.lock();
                        next.unlock();
                        completed.incrementAndGet();
                    } catch (DeadlockException e) {
                        thrown.add(e);
                    } finally {
                        mine.unlock();
                    }
                    return null;
                });
            }
            return null;
        });
        assertThat(thrown.size() + completed.get()).isEqualTo(n);
        return List.copyOf(thrown);
    }

    @Test
    void twoTasksOppositeOrder_oneGetsDeadlockException_otherCompletes() throws Exception {
        Lock a = new Lock("a");
        Lock b = new Lock("b");
        List<DeadlockException> thrown = cycle(of(a), of(b));
        assertThat(thrown).hasSize(1);
        DeadlockException e = thrown.get(0);
        assertThat(e.tasks()).hasSize(2);
        assertThat(e.locks()).containsExactlyInAnyOrder("Lock 'a'", "Lock 'b'");
        assertThat(e.getMessage()).startsWith("deadlock: ").contains("Lock 'a'", "Lock 'b'", "cycle/t0", "cycle/t1");
        assertThat(a.isLocked()).isFalse();
        assertThat(b.isLocked()).isFalse();
    }

    @Test
    void twoTaskCycle_manyRounds_exactlyOneExceptionEachRound() throws Exception {
        for (int round = 0; round < 200; round++) {
            assertThat(cycle(of(new Lock("x")), of(new Lock("y")))).hasSize(1);
        }
    }

    @Test
    void threeTaskCycle_oneGetsDeadlockException_namingTheCycleInOrder() throws Exception {
        Lock[] l = {new Lock("l0"), new Lock("l1"), new Lock("l2")};
        List<DeadlockException> thrown = cycle(of(l[0]), of(l[1]), of(l[2]));
        assertThat(thrown).hasSize(1);
        DeadlockException e = thrown.get(0);
        assertThat(e.tasks()).hasSize(3);
        assertThat(e.locks()).hasSize(3);
        // task i waits for lock i, held by task i+1: task "tK" holds "lK" and waits for "l(K+1)"
        for (int i = 0; i < 3; i++) {
            int k = Integer.parseInt(e.tasks().get(i).replaceAll(".*/t(\\d+)'", "$1"));
            assertThat(e.locks().get(i)).isEqualTo("Lock 'l" + (k + 1) % 3 + "'");
            int holder = Integer.parseInt(e.tasks().get((i + 1) % 3).replaceAll(".*/t(\\d+)'", "$1"));
            assertThat(holder).isEqualTo((k + 1) % 3);
        }
    }

    @Test
    void rlockCycle_heldReentrantly_oneGetsDeadlockException() throws Exception {
        RLock a = new RLock("ra");
        RLock b = new RLock("rb");
        Locking twiceA = twice(a);
        Locking twiceB = twice(b);
        List<DeadlockException> thrown = cycle(twiceA, twiceB);
        assertThat(thrown).hasSize(1);
        assertThat(thrown.get(0).locks()).containsExactlyInAnyOrder("RLock 'ra'", "RLock 'rb'");
        assertThat(a.isLocked()).isFalse();
        assertThat(b.isLocked()).isFalse();
    }

    private static Locking twice(RLock l) {
        return new Locking() {
            public void lock() throws InterruptedException {
                l.acquire();
                try {
                    l.acquire();
                } catch (RuntimeException | InterruptedException e) {
                    l.release();
                    throw e;
                }
            }

            public void unlock() {
                l.release();
                l.release();
            }
        };
    }

    @Test
    void timedAcquire_inACycle_throwsInsteadOfWaitingOutItsTimeout() throws Exception {
        Lock a = new Lock("ta");
        Lock b = new Lock("tb");
        Locking timedB = new Locking() {
            public void lock() throws InterruptedException {
                assertThat(b.tryAcquire(Duration.ofHours(1))).isTrue();
            }

            public void unlock() {
                b.release();
            }
        };
        Locking timedA = new Locking() {
            public void lock() throws InterruptedException {
                assertThat(a.tryAcquire(Duration.ofHours(1))).isTrue();
            }

            public void unlock() {
                a.release();
            }
        };
        assertThat(cycle(timedA, timedB)).hasSize(1);
    }

    @Test
    void detectedCycle_isLoggedOnceAtWarn() throws Exception {
        assertThat(cycle(of(new Lock("wa")), of(new Lock("wb")))).hasSize(1);
        assertThat(log.list).filteredOn(ev -> ev.getLevel() == Level.WARN).hasSize(1);
        assertThat(log.list.get(0).getFormattedMessage()).contains("Lock 'wa'", "Lock 'wb'", "DeadlockException");
    }

    @Test
    void plainThreads_cycle_isDetectedToo() throws Exception {
        Lock a = new Lock("pa");
        Lock b = new Lock("pb");
        CountDownLatch bothHold = new CountDownLatch(2);
        ConcurrentLinkedQueue<Throwable> thrown = new ConcurrentLinkedQueue<>();
        Thread t1 = Thread.ofPlatform().name("p1").start(() -> lockThen(a, b, bothHold, thrown));
        Thread t2 = Thread.ofPlatform().name("p2").start(() -> lockThen(b, a, bothHold, thrown));
        t1.join();
        t2.join();
        assertThat(thrown).singleElement().isInstanceOf(DeadlockException.class);
        assertThat(thrown.peek().getMessage()).contains("thread 'p1'", "thread 'p2'");
    }

    /**
     * Takes {@code first}, waits until both threads hold one lock, then takes {@code second}:
     * one half of a lock-order inversion. Whatever it throws goes to {@code out}. Also used by
     * {@code dev.weft.internal.DeadlocksTest}.
     */
    public static void lockThen(
            Lock first, Lock second, CountDownLatch bothHold, ConcurrentLinkedQueue<Throwable> out) {
        try {
            first.acquire();
            try {
                bothHold.countDown();
                bothHold.await();
                second.acquire();
                second.release();
            } finally {
                first.release();
            }
        } catch (Throwable e) {
            out.add(e);
        }
    }

    @Test
    void heavyContention_manyTasksOneLock_noFalseDeadlock() throws Exception {
        Lock lock = new Lock("hot");
        AtomicLong counter = new AtomicLong();
        TaskGroup.run(tg -> {
            for (int t = 0; t < 200; t++) {
                tg.fork(() -> {
                    for (int i = 0; i < 500; i++) {
                        lock.acquire();
                        try {
                            counter.incrementAndGet();
                        } finally {
                            lock.release();
                        }
                    }
                    return null;
                });
            }
            return null;
        });
        assertThat(counter.get()).isEqualTo(100_000L);
        assertThat(log.list).isEmpty();
    }

    @Test
    void heavyContention_twoLocksOneOrder_manyRounds_noFalseDeadlock() throws Exception {
        // Every task takes outer then inner: no cycle is possible, however the waits interleave.
        // Half of them take inner alone too, so inner's holder is often a waiter of nothing.
        Lock outer = new Lock("outer");
        Lock inner = new Lock("inner");
        AtomicLong counter = new AtomicLong();
        for (int round = 0; round < 20; round++) {
            TaskGroup.run(tg -> {
                for (int t = 0; t < 64; t++) {
                    boolean both = t % 2 == 0;
                    tg.fork(() -> {
                        for (int i = 0; i < 100; i++) {
                            if (both) {
                                outer.acquire();
                            }
                            try {
                                inner.acquire();
                                try {
                                    counter.incrementAndGet();
                                } finally {
                                    inner.release();
                                }
                            } finally {
                                if (both) {
                                    outer.release();
                                }
                            }
                        }
                        return null;
                    });
                }
                return null;
            });
        }
        assertThat(counter.get()).isEqualTo(20L * 64 * 100);
        assertThat(log.list).isEmpty();
    }

    @Test
    void reentrantAcquireOfAPlainLock_stillThrowsIllegalState_notDeadlock() throws Exception {
        Lock lock = new Lock("once");
        TaskGroup.run(tg -> {
            tg.fork(() -> {
                lock.acquire();
                try {
                    assertThatThrownBy(lock::acquire).isInstanceOf(IllegalStateException.class);
                } finally {
                    lock.release();
                }
                return null;
            });
            return null;
        });
    }
}
