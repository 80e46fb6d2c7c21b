// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimitingTest {

    @Test
    void run_100RequestsThroughSemaphore10_allCompleteAndNeverMoreThan10AtOnce() throws Exception {
        Output output = new Output();

        RateLimiting.Outcome outcome = RateLimiting.run(output.out);

        assertThat(outcome.completed()).isEqualTo(100);
        assertThat(outcome.peakConcurrency())
                .isLessThanOrEqualTo(outcome.limit())
                .isGreaterThan(1);
        assertThat(output.text()).contains("peak concurrency: " + outcome.peakConcurrency());
    }
}
