// SPDX-License-Identifier: Apache-2.0
package dev.weft.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code ps} table and the JSON parser under it, on hand-written trees. */
class PsTableTest {

    private static String node(
            String name, String kind, String state, long age, String cancel, String on, String... children) {
        return "{\"name\":" + quote(name) + ",\"kind\":\"" + kind + "\",\"state\":\"" + state + "\",\"ageMillis\":"
                + age + ",\"cancelReason\":" + quote(cancel) + ",\"waitingOn\":" + quote(on) + ",\"children\":["
                + String.join(",", children) + "]}";
    }

    private static String quote(String s) {
        return s == null
                ? "null"
                : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void nestedGroupsGiveTheTasksPathAndColumnsAreAligned() {
        String inner = node(
                "inner",
                "group",
                "cancelling",
                900,
                "deadline passed",
                null,
                node("leaf", "task", "cancelling", 899, "deadline passed", null));
        String json = "{\"roots\":["
                + node(
                        "checkout",
                        "group",
                        "joining",
                        2100,
                        null,
                        null,
                        node("fetch-a", "task", "waiting", 2099, null, "end of TaskGroup 'inner'", inner),
                        node("fetch-b", "task", "running", 185_000, null, null))
                + ","
                + node(
                        "TaskGroup",
                        "group",
                        "running",
                        5,
                        null,
                        null,
                        node("task-1", "task", "starting", 0, null, null))
                + "]}";

        assertThat(PsTable.render(json)).isEqualTo("""
                GROUP                   TASK     STATE       AGE        WAITING ON                CANCEL REASON
                checkout                fetch-a  waiting     2.1 s      end of TaskGroup 'inner'
                checkout/fetch-a/inner  leaf     cancelling  899 ms                               deadline passed
                checkout                fetch-b  running     3 min 5 s
                TaskGroup               task-1   starting    0 ms
                """);
    }

    @Test
    void aCellStaysOnOneLine() {
        String json = "{\"roots\":["
                + node(
                        "g",
                        "group",
                        "cancelling",
                        1,
                        "sibling 'b' failed: boom\nat line 2",
                        null,
                        node("a", "task", "cancelling", 1, "sibling 'b' failed: boom\nat line 2", null))
                + "]}";

        assertThat(PsTable.render(json).lines().toList())
                .containsExactly(
                        "GROUP  TASK  STATE       AGE   WAITING ON  CANCEL REASON",
                        "g      a     cancelling  1 ms              sibling 'b' failed: boom at line 2");
    }

    @Test
    void noTasks() {
        assertThat(PsTable.render("{\"roots\":[]}")).isEqualTo("(no tasks)\n");
        assertThat(PsTable.render("{\"roots\":[" + node("idle", "group", "running", 3, null, null) + "]}"))
                .isEqualTo("(no tasks)\n");
    }

    @Test
    void notATree() {
        assertThatThrownBy(() -> PsTable.render("[]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PsTable.render("{\"roots\":[{\"name\":\"x\"}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"kind\"");
        assertThatThrownBy(() -> PsTable.render("{\"roots\":[")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonValues() {
        assertThat(Json.parse(" {\"a\" : [1, -2.5e1, true, false, null, \"x\\u00e9\\n\\\"\\/\"], \"b\":{}} "))
                .isEqualTo(
                        Map.of("a", java.util.Arrays.asList(1L, -25.0, true, false, null, "xé\n\"/"), "b", Map.of()));
        assertThat(Json.parse("[]")).isEqualTo(List.of());
        assertThat(Json.parse("\"└── (G)\"")).isEqualTo("└── (G)");
    }

    @Test
    void jsonErrors() {
        for (String bad : List.of(
                "", "{", "[1,]", "{\"a\"}", "01", "1.", "\"\\x\"", "\"a", "tru", "[1] 2", "{a:1}", "\"\u0001\"")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
