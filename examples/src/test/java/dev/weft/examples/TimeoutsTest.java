// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimeoutsTest {

    @Test
    void run_fastAndSlowOperations_fastOnesReturnAndSlowOnesAreCutOff() throws Exception {
        Output output = new Output();

        Timeouts.Outcome outcome = Timeouts.run(output.out);

        assertThat(outcome.waitForFast()).isEqualTo("fast done");
        assertThat(outcome.waitForSlowTimedOut()).isTrue();
        assertThat(outcome.slowWasCancelled()).isTrue();
        assertThat(outcome.slowFinished()).isFalse();
        assertThat(outcome.moveOnFast()).contains("quick done");
        assertThat(outcome.moveOnSlow()).isEqualTo(Optional.empty());
        assertThat(output.text()).contains("TimeoutException", "Optional.empty");
    }
}
