// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class EventStopTest {

    @Test
    void run_stopEventSet_workerFinishesNormallyInsteadOfBeingCancelled() throws Exception {
        Output output = new Output();

        EventStop.Outcome outcome = EventStop.run(output.out);

        assertThat(outcome.stopWasSet()).isTrue();
        assertThat(outcome.workerState()).isEqualTo(Future.State.SUCCESS);
        assertThat(outcome.rounds()).isGreaterThanOrEqualTo(0);
        assertThat(output.text()).contains("finishing cleanly after " + outcome.rounds() + " rounds");
    }
}
