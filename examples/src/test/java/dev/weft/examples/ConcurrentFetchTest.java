// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConcurrentFetchTest {

    @Test
    void run_tenUrlsOf100ms_gatherIsAtLeastTwiceAsFastAndGetsTheSamePages() throws Exception {
        Output output = new Output();

        ConcurrentFetch.Outcome outcome = ConcurrentFetch.run(output.out);

        assertThat(outcome.urls()).isEqualTo(10);
        assertThat(outcome.samePages()).isTrue();
        assertThat(outcome.speedUp()).isGreaterThanOrEqualTo(2.0); // ideal is ~10x; generous under load
        assertThat(output.text()).contains("sequential:", "gather:", "speed-up:");
    }
}
