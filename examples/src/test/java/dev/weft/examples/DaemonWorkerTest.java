// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DaemonWorkerTest {

    @Test
    void run_daemonWritesEveryLine_thenTheGroupStopsIt() throws Exception {
        Output output = new Output();

        DaemonWorker.Outcome outcome = DaemonWorker.run(output.out);

        assertThat(outcome.linesWritten()).isEqualTo(3);
        assertThat(outcome.daemonCancelled()).isTrue();
        assertThat(outcome.daemonAlive()).isFalse();
        assertThat(output.text())
                .contains("log-writer: job 1 done")
                .contains("log-writer ended CANCELLED after 3 lines");
    }
}
