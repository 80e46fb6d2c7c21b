// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RaceConditionTest {

    @Test
    void run_manyTasksIncrementing_theLockedCounterIsExact() throws Exception {
        RaceCondition.Outcome outcome = RaceCondition.run(new Output().out);

        assertThat(outcome.expected()).isEqualTo(RaceCondition.TASKS * RaceCondition.INCREMENTS);
        assertThat(outcome.withLock()).isEqualTo(outcome.expected());
        // Losing updates without the lock is likely but not guaranteed, so it is not asserted;
        // the unlocked counter can only lose updates, never gain some.
        assertThat(outcome.withoutLock()).isBetween(1, outcome.expected());
    }
}
