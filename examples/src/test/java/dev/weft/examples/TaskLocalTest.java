// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskLocalTest {

    @Test
    void run_threadLocalIsPerTask_contextIsCopiedIntoEachTask() throws Exception {
        Output output = new Output();

        TaskLocal.Outcome outcome = TaskLocal.run(output.out);

        assertThat(outcome.seen())
                .containsEntry("parse", "scratch=[parse] user=alice")
                .containsEntry("check", "scratch=[check] user=alice")
                .containsEntry("store", "scratch=[store] user=alice");
        assertThat(outcome.parentUserAfter()).isEqualTo("alice");
        assertThat(output.text()).contains("main: user is still alice");
    }
}
