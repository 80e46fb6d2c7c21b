// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The harness of every sticky-cancellation test (README, Guarantees): a task is cancelled while it
 * blocks, swallows the {@link InterruptedException}, and then makes one more call, which must
 * throw {@code InterruptedException} at once.
 */
final class CancelledTask {

    /** The call the cancelled task makes next. */
    @FunctionalInterface
    interface NextCall {
        void call() throws Exception;
    }

    private CancelledTask() {}

    /**
     * Runs {@code next} in a task that was cancelled while it slept and swallowed the
     * cancellation, and returns what {@code next} threw ({@link AssertionError} if it returned).
     * The task also clears a late interrupt: {@code cancel()} marks the scope before it
     * interrupts, so the sleep may throw from the mark with the interrupt landing just after;
     * only the sticky state is then left to stop the next call.
     */
    static Throwable nextCallAfterSwallowedCancel(NextCall next) throws InterruptedException {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch blocked = new CountDownLatch(1);
        TaskGroup.run(tg -> {
            Task<Object> t = tg.fork(() -> {
                try {
                    blocked.countDown();
                    Weft.sleep(Duration.ofHours(1));
                } catch (InterruptedException swallowed) {
                    Thread.interrupted();
                }
                try {
                    next.call();
                    outcome.set(new AssertionError("returned normally"));
                } catch (Throwable e) {
                    outcome.set(e);
                }
                return null;
            });
            blocked.await();
            t.cancel();
            return null;
        });
        return outcome.get();
    }
}
