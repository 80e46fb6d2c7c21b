// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import dev.weft.Guard;
import dev.weft.Semaphore;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 100 requests, at most 10 at a time, through a {@link Semaphore}: asyncio's
 * {@code async with semaphore:} around each request. All 100 tasks start at once; the
 * semaphore lets ten in, and each one leaving lets the next (FIFO) in.
 */
public final class RateLimiting {

    /** How many requests ran, the limit, and the most that were ever in flight at once. */
    public record Outcome(int requests, int limit, int completed, int peakConcurrency) {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        int requests = 100;
        int limit = 10;
        Semaphore semaphore = new Semaphore(limit);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();

        long t0 = System.nanoTime();
        TaskGroup.run(tg -> {
            for (int i = 1; i <= requests; i++) {
                int n = i;
                tg.fork("request-" + n, () -> {
                    try (Guard g = semaphore.hold()) { // async with semaphore:
                        int now = inFlight.incrementAndGet();
                        peak.accumulateAndGet(now, Math::max);
                        Weft.sleep(Duration.ofMillis(50)); // the "request"
                        inFlight.decrementAndGet();
                    }
                    if (completed.incrementAndGet() % 20 == 0) {
                        out.printf("  %3d requests done, %d in flight%n", completed.get(), inFlight.get());
                    }
                    return n;
                });
            }
            return null;
        });
        out.printf(
                "%d requests through Semaphore(%d) in %d ms; peak concurrency: %d%n",
                requests, limit, (System.nanoTime() - t0) / 1_000_000, peak.get());
        return new Outcome(requests, limit, completed.get(), peak.get());
    }

    private RateLimiting() {}
}
