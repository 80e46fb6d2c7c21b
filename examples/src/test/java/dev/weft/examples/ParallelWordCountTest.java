// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParallelWordCountTest {

    @Test
    void run_twelveFiles_parallelTotalMatchesTheOneByOneCountWithAProgressLinePerFile() throws Exception {
        Output output = new Output();

        ParallelWordCount.Outcome outcome = ParallelWordCount.run(output.out);

        assertThat(outcome.files()).isEqualTo(12);
        assertThat(outcome.progressLines()).isEqualTo(12);
        assertThat(outcome.words()).isPositive().isEqualTo(outcome.wordsCountedOneByOne());
        assertThat(output.text()).contains("[12/12]", "no processes");
    }
}
