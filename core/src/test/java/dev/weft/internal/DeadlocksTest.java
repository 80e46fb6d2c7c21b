// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.DeadlockDetectionTest;
import dev.weft.DeadlockException;
import dev.weft.Lock;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Deadlock detection's registry of plain threads: a thread whose slot in the fixed table is
 * taken by another waiting thread registers in the overflow map, and a cycle through both is
 * still found.
 */
@Timeout(60)
class DeadlocksTest {

    @Test
    void plainThreadsSharingOneRegistrySlot_cycle_isStillDetected() throws Exception {
        Lock a = new Lock("slot-a");
        Lock b = new Lock("slot-b");
        CountDownLatch bothHold = new CountDownLatch(2);
        ConcurrentLinkedQueue<Throwable> thrown = new ConcurrentLinkedQueue<>();
        Runnable[] jobs = new Runnable[2];
        Thread[] pair = collidingPair(jobs);
        jobs[0] = () -> DeadlockDetectionTest.lockThen(a, b, bothHold, thrown);
        jobs[1] = () -> DeadlockDetectionTest.lockThen(b, a, bothHold, thrown);
        assertThat(Deadlocks.slot(pair[0])).isEqualTo(Deadlocks.slot(pair[1]));
        pair[0].start();
        pair[1].start();
        pair[0].join();
        pair[1].join();
        assertThat(thrown).singleElement().isInstanceOf(DeadlockException.class);
    }

    /**
     * Two unstarted platform threads whose ids hash to the same slot (about 4,096 unstarted
     * thread objects are made and dropped on the way); they run jobs[0] and jobs[1].
     */
    private static Thread[] collidingPair(Runnable[] jobs) {
        Thread first = Thread.ofPlatform().name("slot-p1").unstarted(() -> jobs[0].run());
        return new Thread[] {first, sameSlotAs(first, jobs)};
    }

    private static Thread sameSlotAs(Thread first, Runnable[] jobs) {
        for (; ; ) {
            Thread t = Thread.ofPlatform().name("slot-p2").unstarted(() -> jobs[1].run());
            if (Deadlocks.slot(t) == Deadlocks.slot(first)) {
                return t;
            }
        }
    }
}
