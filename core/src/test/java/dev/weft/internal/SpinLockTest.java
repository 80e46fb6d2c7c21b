// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The queue lock under contention (issue 14, defect m): a caller that finds it held must end up
 * parked, not yield forever. Under a scheduler that always runs the yielding thread again (a
 * systematic-concurrency tester), a yield-only lock never lets the holder run.
 */
@Timeout(60)
class SpinLockTest {

    private static final class TestLock extends SpinLock {
        TestLock() {
            super(2);
        }
    }

    @Test
    void lockQueue_heldByAnotherThread_contenderParksInsteadOfYieldingForever() throws Exception {
        TestLock lock = new TestLock();
        lock.lockQueue();
        AtomicBoolean acquired = new AtomicBoolean();
        Thread contender = Thread.ofPlatform().start(() -> {
            lock.lockQueue();
            acquired.set(true);
            lock.unlockQueue();
        });
        try {
            await().pollInterval(Duration.ofMillis(1))
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> contender.getState() == Thread.State.TIMED_WAITING);
            assertThat(acquired).isFalse();
        } finally {
            lock.unlockQueue();
        }
        contender.join();
        assertThat(acquired).isTrue();
        assertThat(lock.isLockHeld()).isFalse();
    }

    @Test
    void lockQueue_contenderInterruptedWhileBackingOff_keepsItsInterruptStatus() throws Exception {
        TestLock lock = new TestLock();
        lock.lockQueue();
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Thread contender = Thread.ofVirtual().start(() -> {
            lock.lockQueue();
            interruptedAfter.set(Thread.currentThread().isInterrupted());
            lock.unlockQueue();
        });
        await().pollInterval(Duration.ofMillis(1))
                .atMost(Duration.ofSeconds(30))
                .until(() -> contender.getState() == Thread.State.TIMED_WAITING);
        contender.interrupt();
        lock.unlockQueue();
        contender.join();
        assertThat(interruptedAfter).isTrue();
    }
}
