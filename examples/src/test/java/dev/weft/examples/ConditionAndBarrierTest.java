// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConditionAndBarrierTest {

    @Test
    void run_threeConsumersAndFourPhasedWorkers_allGetTheDataAndNoPhaseStartsEarly() throws Exception {
        Output output = new Output();

        ConditionAndBarrier.Outcome outcome = ConditionAndBarrier.run(output.out);

        assertThat(outcome.received()).containsExactly("42 rows", "42 rows", "42 rows");
        assertThat(outcome.earlyStarts()).isZero();
        for (int phase = 1; phase <= outcome.phases(); phase++) {
            assertThat(output.text()).contains("phase " + phase + ": all 4 workers done");
        }
    }
}
