// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.broken;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.model.property.ConservationUnderInterruptsTest;
import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import org.jetbrains.lincheck.Lincheck;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.junit.jupiter.api.Test;

/**
 * The race and property tiers shown able to fail.
 *
 * <p>The model-checked race tier: the race of
 * {@code InterruptRacingHandOffTest.semaphore_wokenWaiterCancelled_nextWaiterStillGetsThePermit}
 * run on a semaphore with asyncio's bpo-27585 bug (a waiter interrupted after it was handed the
 * permit throws anyway, and the permit is lost). Lincheck must find the schedule in which the
 * next waiter is stranded, and report it.
 */
class BrokenTwinsAreCaughtTest {

    /** Bug: a waiter that wakes interrupted throws without looking whether it was granted. */
    static final class AbsorbingSemaphore {
        private int permits; // guarded by this
        private final ArrayDeque<Node> waiters = new ArrayDeque<>(); // guarded by this

        private static final class Node {
            final Thread thread = Thread.currentThread();
            volatile boolean granted;
        }

        void acquire() throws InterruptedException {
            Node n;
            synchronized (this) {
                if (permits > 0) {
                    permits--;
                    return;
                }
                n = new Node();
                waiters.add(n);
            }
            while (!n.granted) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    synchronized (this) {
                        waiters.remove(n);
                    }
                    throw new InterruptedException(); // BUG: n may have been granted meanwhile
                }
            }
        }

        void release() {
            Node n;
            synchronized (this) {
                n = waiters.poll();
                if (n == null) {
                    permits++;
                    return;
                }
            }
            n.granted = true;
            LockSupport.unpark(n.thread);
        }
    }

    @Test
    void absorbingSemaphore_wokenWaiterCancelled_strandsTheNextWaiter() {
        assertThatThrownBy(() -> Lincheck.runConcurrentTest(2_000, () -> {
                    AbsorbingSemaphore s = new AbsorbingSemaphore();
                    Thread a = new Thread(() -> {
                        try {
                            s.acquire();
                            s.release();
                        } catch (InterruptedException e) {
                            // gave up
                        }
                    });
                    Thread b = new Thread(() -> {
                        try {
                            s.acquire();
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                    });
                    a.start();
                    b.start();
                    s.release();
                    a.interrupt();
                    try {
                        a.join();
                        b.join();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }))
                .isInstanceOf(LincheckAssertionError.class);
    }

    /**
     * The property tier shown able to fail: the queue conservation rounds with a get that
     * lets the cancellation win after the hand-off (it takes the item, then throws because the
     * interrupt was re-asserted), the bug asyncio bpo-23812 had. Some item is lost within the
     * rounds, and the conservation check reports it.
     */
    @Test
    void queueConservation_getThatDropsAnItemWhenInterrupted_lossDetected() {
        assertThatThrownBy(() -> ConservationUnderInterruptsTest.queueRounds(20_000, q -> {
                    Integer x = q.get();
                    if (Thread.interrupted()) {
                        throw new InterruptedException(); // BUG: x is dropped
                    }
                    return x;
                }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("every item exactly once");
    }
}
