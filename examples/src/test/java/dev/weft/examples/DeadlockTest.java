// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadlockTest {

    @Test
    void run_oppositeLockOrders_deadlockDetectedAndAFixedOrderFinishesBoth() throws Exception {
        Output output = new Output();

        Deadlock.Outcome outcome = Deadlock.run(output.out);

        // Both tasks hold their first lock before trying the second, so at least one must time
        // out; once it backs off, the other may get through.
        assertThat(outcome.detectedInOppositeOrder()).isBetween(1, 2);
        assertThat(outcome.detectedInOppositeOrder() + outcome.finishedInOppositeOrder())
                .isEqualTo(2);
        assertThat(outcome.finishedInFixedOrder()).isEqualTo(2);
        assertThat(output.text()).contains("deadlock detected");
    }
}
