// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Future.State;
import org.junit.jupiter.api.Test;

class TaskGroupFailureTest {

    @Test
    void run_oneTaskFails_groupReportsItAndTheRunningSiblingsWereCancelled() throws Exception {
        Output output = new Output();

        TaskGroupFailure.Outcome outcome = TaskGroupFailure.run(output.out);

        assertThat(outcome.failures()).hasSize(1);
        assertThat(outcome.failures().get(0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("card declined");
        assertThat(outcome.states())
                .containsEntry("load-user", State.SUCCESS)
                .containsEntry("charge-card", State.FAILED)
                .containsEntry("send-email", State.CANCELLED)
                .containsEntry("update-stock", State.CANCELLED);
        assertThat(output.text())
                .contains("send-email: cancelled, cleaning up", "update-stock: cancelled, cleaning up");
    }
}
