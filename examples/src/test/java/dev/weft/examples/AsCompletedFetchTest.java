// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.examples.AsCompletedFetch.Report;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsCompletedFetchTest {

    @Test
    void run_someUrlsFail_eachFailureIsReportedForItsUrlAndTheOthersStillFinish() throws Exception {
        Output output = new Output();

        List<Report> reports = AsCompletedFetch.run(output.out).inCompletionOrder();

        assertThat(reports).hasSize(6);
        assertThat(reports)
                .filteredOn(Report::ok)
                .extracting(Report::detail)
                .containsExactlyInAnyOrder("page 1", "page 2", "page 3", "page 4");
        assertThat(reports)
                .filteredOn(r -> !r.ok())
                .extracting(r -> r.url().getPath())
                .containsExactlyInAnyOrder("/status/500", "/status/404");
        assertThat(reports)
                .filteredOn(r -> !r.ok())
                .extracting(Report::detail)
                .containsExactlyInAnyOrder("HTTP 500 from /status/500", "HTTP 404 from /status/404");
        assertThat(output.text()).contains("4 fetched, 2 failed");
    }

    @Test
    void run_fetchesOf20msAnd600ms_theFastOneIsHandledBeforeTheSlowOne() throws Exception {
        List<String> order = AsCompletedFetch.run(new Output().out).inCompletionOrder().stream()
                .map(r -> r.url().getPath())
                .toList();

        // Input order lists /page/1 (600 ms) first and /page/4 (20 ms) last; completion order is
        // the other way round. Only this wide gap is asserted, not the full order.
        assertThat(order.indexOf("/page/4")).isLessThan(order.indexOf("/page/1"));
    }
}
