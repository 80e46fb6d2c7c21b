// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.examples.PriorityTaskManager.Job;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriorityTaskManagerTest {

    @Test
    void run_shuffledJobs_eachWorkerTakesItsJobsMostUrgentFirstAndAllAreDone() throws Exception {
        PriorityTaskManager.Outcome outcome = PriorityTaskManager.run(new Output().out);

        List<Job> taken =
                outcome.takenByWorker().values().stream().flatMap(List::stream).toList();
        assertThat(taken).containsExactlyInAnyOrderElementsOf(outcome.submitted());
        // Every job was queued before any worker started, so each get() returned the most
        // urgent job left: each worker's own sequence is in priority order.
        for (List<Job> mine : outcome.takenByWorker().values()) {
            assertThat(mine).isSorted();
        }
        assertThat(outcome.submitted())
                .isNotEqualTo(outcome.submitted().stream().sorted().toList());
    }
}
