// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import dev.weft.Weft;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Fetching many URLs one after another, then all at once with {@link Weft#gather}: the
 * {@code asyncio.gather(*(fetch(url) for url in urls))} classic. Each fetch is plain blocking
 * code ({@code HttpClient.send}); running it in a virtual thread per URL is what makes the
 * waits overlap.
 */
public final class ConcurrentFetch {

    /** What the run showed: the times, and whether both ways got the same pages. */
    public record Outcome(int urls, Duration sequential, Duration concurrent, boolean samePages) {
        public double speedUp() {
            return (double) sequential.toNanos() / concurrent.toNanos();
        }
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        Duration latency = Duration.ofMillis(100);
        try (LocalServer server = LocalServer.start()) {
            List<URI> urls = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                urls.add(server.page(i, latency));
            }
            server.get(server.page(0, Duration.ZERO)); // warm up the client, so both runs start equal

            long t0 = System.nanoTime();
            List<String> one = new ArrayList<>();
            for (URI url : urls) {
                one.add(server.get(url)); // each waits ~100 ms before the next starts
            }
            Duration sequential = Duration.ofNanos(System.nanoTime() - t0);
            out.printf("sequential: %d pages in %d ms%n", one.size(), sequential.toMillis());

            long t1 = System.nanoTime();
            List<Callable<String>> fetches = new ArrayList<>();
            for (URI url : urls) {
                fetches.add(() -> server.get(url));
            }
            List<String> all = Weft.gather(fetches); // one task per URL; results in input order
            Duration concurrent = Duration.ofNanos(System.nanoTime() - t1);
            out.printf("gather:     %d pages in %d ms%n", all.size(), concurrent.toMillis());

            Outcome outcome = new Outcome(urls.size(), sequential, concurrent, one.equals(all));
            out.printf("speed-up:   %.1fx (same pages, same order: %s)%n", outcome.speedUp(), outcome.samePages());
            return outcome;
        }
    }

    private ConcurrentFetch() {}
}
