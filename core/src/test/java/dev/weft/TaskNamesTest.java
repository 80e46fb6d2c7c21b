// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Default thread names and Weft.currentTask() (README "Weft in a service", issue 16). */
@Timeout(60)
class TaskNamesTest {

    @Test
    void unnamedTaskInNamedGroup_threadIsGroupSlashTaskN() throws Exception {
        List<String> names = TaskGroup.run(
                "req",
                tg -> List.of(
                        tg.fork(() -> Thread.currentThread().getName()).join(),
                        tg.fork(() -> Thread.currentThread().getName()).join()));
        assertThat(names).containsExactly("req/task-1", "req/task-2");
    }

    @Test
    void unnamedTaskInUnnamedGroup_threadIsTaskN() throws Exception {
        String name = TaskGroup.run(tg -> {
            Task<String> t = tg.fork(() -> Thread.currentThread().getName());
            assertThat(t.name()).isEqualTo("task-1");
            return t.join();
        });
        assertThat(name).isEqualTo("task-1");
    }

    @Test
    void currentTask_inTask_isThatTask() throws Exception {
        TaskGroup.run(tg -> {
            Task<Optional<Task<?>>> t = tg.fork("me", Weft::currentTask);
            assertThat(t.join()).containsSame(t);
            return null;
        });
    }

    @Test
    void currentTask_outsideTasks_isEmpty() throws Exception {
        assertThat(Weft.currentTask()).isEmpty();
        TaskGroup.run(tg -> {
            assertThat(Weft.currentTask()).as("in the opener").isEmpty();
            return null;
        });
        assertThat(Weft.toThread(Weft::currentTask)).as("in a toThread body").isEmpty();
    }

    @Test
    void currentTask_inWeftRunAndShield_isTheirTask() throws Exception {
        assertThat(Weft.run(() -> Weft.currentTask().map(Task::name))).contains("weft-main");
        assertThat(Weft.run(() -> Weft.shield(() -> Weft.currentTask().map(Task::name))))
                .contains("shield");
    }
}
