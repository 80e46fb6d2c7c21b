// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cutting off a slow operation: {@link Weft#waitFor} is asyncio's {@code wait_for(aw, t)} /
 * {@code async with asyncio.timeout(t)} (a timeout is a {@link TimeoutException}), and
 * {@link Weft#moveOnAfter} is Trio's {@code move_on_after} (a timeout is an empty
 * {@link Optional}). The body runs in the caller; when the deadline passes it is cancelled
 * (interrupted), gets the chance to clean up, and the caller carries on.
 */
public final class Timeouts {

    /** What happened to the fast and the slow operation under each kind of timeout. */
    public record Outcome(
            String waitForFast,
            boolean waitForSlowTimedOut,
            boolean slowWasCancelled,
            boolean slowFinished,
            Optional<String> moveOnFast,
            Optional<String> moveOnSlow) {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        Duration limit = Duration.ofMillis(500); // roomy: 10 ms jobs make it even on a busy machine

        String fast = Weft.waitFor(limit, () -> operation("fast", Duration.ofMillis(10), cancelled, finished));
        out.println("waitFor(500 ms, 10 ms job)  -> " + fast);

        cancelled.set(false);
        finished.set(false);
        boolean timedOut = false;
        long t0 = System.nanoTime();
        try {
            Weft.waitFor(limit, () -> operation("slow", Duration.ofSeconds(10), cancelled, finished));
        } catch (TimeoutException e) {
            timedOut = true;
            out.printf(
                    "waitFor(500 ms, 10 s job)   -> TimeoutException after %d ms (job cancelled: %s)%n",
                    (System.nanoTime() - t0) / 1_000_000, cancelled.get());
        }

        Optional<String> quick = Weft.moveOnAfter(limit, () -> operation("quick", Duration.ofMillis(10), null, null));
        out.println("moveOnAfter(500 ms, 10 ms)  -> " + quick);
        Optional<String> slow = Weft.moveOnAfter(limit, () -> operation("slow", Duration.ofSeconds(10), null, null));
        out.println("moveOnAfter(500 ms, 10 s)   -> " + slow + ", and the program moves on");

        return new Outcome(fast, timedOut, cancelled.get(), finished.get(), quick, slow);
    }

    /** Pretends to work for {@code duration}; notes whether it was cancelled or finished. */
    private static String operation(String name, Duration duration, AtomicBoolean cancelled, AtomicBoolean finished)
            throws InterruptedException {
        try {
            Weft.sleep(duration);
        } catch (InterruptedException e) {
            if (cancelled != null) {
                cancelled.set(true); // cleanup goes here; then let the cancellation through
            }
            throw e;
        }
        if (finished != null) {
            finished.set(true);
        }
        return name + " done";
    }

    private Timeouts() {}
}
