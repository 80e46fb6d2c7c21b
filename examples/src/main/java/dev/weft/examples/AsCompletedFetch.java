// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import dev.weft.AsCompleted;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Handling fetches as they finish, fastest first, with {@link Weft#asCompleted}: asyncio's
 * {@code for coro in asyncio.as_completed(tasks)}. Some URLs answer HTTP 500 or 404, which the
 * fetch turns into an exception; each failure is reported for its URL while the other fetches
 * go on.
 */
public final class AsCompletedFetch {

    /** One finished fetch: its URL, and its body or its error. */
    public record Report(URI url, boolean ok, String detail) {}

    /** The reports in the order the fetches finished. */
    public record Outcome(List<Report> inCompletionOrder) {}

    /** A fetched page and where it came from. */
    private record Page(URI url, String body) {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        try (LocalServer server = LocalServer.start()) {
            // Listed slowest first, so the completion order is visibly not the input order.
            List<URI> urls = List.of(
                    server.page(1, Duration.ofMillis(600)),
                    server.status(500, Duration.ofMillis(450)),
                    server.page(2, Duration.ofMillis(300)),
                    server.page(3, Duration.ofMillis(150)),
                    server.status(404, Duration.ofMillis(100)),
                    server.page(4, Duration.ofMillis(20)));
            List<Callable<Page>> fetches = new ArrayList<>();
            for (URI url : urls) {
                fetches.add(() -> new Page(url, server.get(url))); // throws HttpStatusException on 4xx/5xx
            }

            List<Report> reports = new ArrayList<>();
            try (AsCompleted<Page> done = Weft.asCompleted(fetches)) {
                while (done.hasNext()) {
                    Task<Page> task = done.next(); // the next fetch to finish, whichever it is
                    Report r = switch (task.state()) {
                        case SUCCESS ->
                            new Report(
                                    task.resultNow().url(),
                                    true,
                                    task.resultNow().body());
                        case FAILED ->
                            task.exceptionNow() instanceof LocalServer.HttpStatusException e
                                    ? new Report(e.uri, false, e.getMessage())
                                    : new Report(
                                            null, false, task.exceptionNow().toString());
                        default -> throw new AssertionError(task.state());
                    };
                    reports.add(r);
                    out.printf(
                            "[%d/%d] %-22s %s %s%n",
                            reports.size(),
                            urls.size(),
                            r.url().getPath() + "?" + r.url().getQuery(),
                            r.ok() ? "ok:    " : "FAILED:",
                            r.detail());
                }
            }
            long failed = reports.stream().filter(r -> !r.ok()).count();
            out.printf("%d fetched, %d failed; no failure stopped the others%n", reports.size() - failed, failed);
            return new Outcome(reports);
        }
    }

    private AsCompletedFetch() {}
}
