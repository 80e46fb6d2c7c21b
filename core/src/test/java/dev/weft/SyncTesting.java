// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers shared by the synchronization-primitive tests: wait for states, never for time. */
final class SyncTesting {

    private SyncTesting() {}

    /**
     * Spins (yielding) until {@code state} holds; fails after a generous bound. Cheaper than
     * Awaitility for the 10,000-round race loops.
     */
    static void spinUntil(BooleanSupplier state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!state.getAsBoolean()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new AssertionError("interrupted (cancelled) while waiting for a state");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("state not reached within 30 s");
            }
            Thread.yield();
        }
    }

    /**
     * Occupies every carrier thread of the virtual-thread scheduler with a spinning virtual
     * thread, so that no other virtual thread can run until {@link Freeze#close()}. Lets a test
     * make two things happen "at the same moment" for a parked virtual thread: e.g. hand it a
     * permit and cancel it before it gets to run. Call from a platform thread.
     */
    static Freeze freezeVirtualThreads() throws InterruptedException {
        int carriers = Integer.getInteger(
                "jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
        Freeze f = new Freeze(carriers);
        for (int i = 0; i < carriers; i++) {
            Thread.ofVirtual().start(f::spin);
        }
        f.running.await();
        return f;
    }

    static final class Freeze implements AutoCloseable {
        final CountDownLatch running;
        volatile boolean release;

        Freeze(int carriers) {
            running = new CountDownLatch(carriers);
        }

        void spin() {
            running.countDown();
            while (!release) {
                Thread.onSpinWait();
            }
        }

        @Override
        public void close() {
            release = true;
        }
    }
}
