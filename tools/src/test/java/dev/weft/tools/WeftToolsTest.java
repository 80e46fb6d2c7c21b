// SPDX-License-Identifier: Apache-2.0
package dev.weft.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code ps}, {@code pstree} and {@code json} against a child JVM ({@link TaskTreeChild}) whose
 * group {@code checkout} has three blocked tasks: {@code holder} (holds {@code Lock 'accounts'},
 * waits on {@code Event 'release'}), {@code debit} (waits for the lock) and {@code nap} (in
 * {@code Weft.sleep}). The last test closes the child's stdin and checks that it ends.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WeftToolsTest {

    private static ChildJvm child;

    @BeforeAll
    static void startChild() throws Exception {
        child = ChildJvm.startReady(List.of());
    }

    @AfterAll
    static void destroyChild() throws Exception {
        if (child != null) {
            child.close();
        }
    }

    private static String pid() {
        return Long.toString(child.pid());
    }

    @Test
    @Order(1)
    void psListsEveryTaskOnOneAlignedLine() {
        ToolRun run = ToolRun.of("ps", pid());

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.err()).as(run.toString()).isEmpty();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).as(run.toString()).hasSize(4);
        String header = lines.get(0);
        assertThat(header).startsWith("GROUP").contains("TASK", "STATE", "AGE", "WAITING ON", "CANCEL REASON");
        int task = header.indexOf("TASK");
        int state = header.indexOf("STATE");
        int age = header.indexOf("AGE");
        int waitingOn = header.indexOf("WAITING ON");

        String holder = lines.get(1);
        String debit = lines.get(2);
        String nap = lines.get(3);
        for (String row : List.of(holder, debit, nap)) {
            assertThat(row).as(run.toString()).startsWith("checkout ");
            assertThat(row.substring(state)).as(run.toString()).startsWith("waiting ");
            assertThat(row.substring(age)).as(run.toString()).matches("(\\d+ ms|\\d+\\.\\d s|\\d+ min \\d+ s)( .*)?");
        }
        assertThat(holder.substring(task)).startsWith("holder ");
        assertThat(holder.substring(waitingOn)).startsWith("Event 'release'");
        assertThat(debit.substring(task)).startsWith("debit ");
        assertThat(debit.substring(waitingOn)).startsWith("Lock 'accounts'[locked by task 'checkout/holder'");
        assertThat(nap.substring(task)).startsWith("nap ");
        assertThat(run.out()).doesNotContain("cancel");
    }

    @Test
    @Order(2)
    void pstreePrintsTheTree() {
        ToolRun run = ToolRun.of("pstree", pid());

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.err()).as(run.toString()).isEmpty();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).as(run.toString()).hasSize(4);
        assertThat(lines.get(0)).startsWith("└── (G) checkout [running, ");
        assertThat(lines.get(1)).startsWith("    ├── (T) holder [waiting, ").contains("] on Event 'release'");
        assertThat(lines.get(2))
                .startsWith("    ├── (T) debit [waiting, ")
                .contains("] on Lock 'accounts'[locked by task 'checkout/holder'");
        assertThat(lines.get(3)).startsWith("    └── (T) nap [waiting, ");
    }

    @Test
    @Order(3)
    void jsonPrintsTheTreeAsJson() {
        ToolRun run = ToolRun.of("json", pid());

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.err()).as(run.toString()).isEmpty();
        assertThat(run.out()).endsWith("\n");
        List<Object> roots = list(object(Json.parse(run.out())).get("roots"));
        assertThat(roots).hasSize(1);
        Map<String, Object> group = object(roots.get(0));
        assertThat(group)
                .containsEntry("name", "checkout")
                .containsEntry("kind", "group")
                .containsEntry("state", "running")
                .containsEntry("cancelReason", null)
                .containsEntry("waitingOn", null);
        assertThat(group.get("ageMillis")).isInstanceOf(Long.class);
        List<Object> tasks = list(group.get("children"));
        assertThat(tasks).extracting(t -> object(t).get("name")).containsExactly("holder", "debit", "nap");
        assertThat(tasks)
                .allSatisfy(t -> assertThat(object(t))
                        .containsEntry("kind", "task")
                        .containsEntry("state", "waiting")
                        .containsEntry("cancelReason", null)
                        .containsEntry("children", List.of()));
        assertThat((String) object(tasks.get(1)).get("waitingOn"))
                .startsWith("Lock 'accounts'[locked by task 'checkout/holder'");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object json) {
        assertThat(json).isInstanceOf(Map.class);
        return (Map<String, Object>) json;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object json) {
        assertThat(json).isInstanceOf(List.class);
        return (List<Object>) json;
    }

    @Test
    @Order(4)
    void theChildStillEndsWhenItsStdinCloses() throws Exception {
        // The tool started the child's JMX agent; that must not keep the child alive.
        int status = child.closeStdinAndAwaitExit(Duration.ofMinutes(1));

        assertThat(status).as(child.diagnostics()).isZero();
        child.awaitLine("done", Duration.ofSeconds(10));
    }
}
