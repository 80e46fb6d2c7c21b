// SPDX-License-Identifier: Apache-2.0
package dev.weft.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Usage errors (exit 2) and failures (exit 1), each with a message that says what is wrong. */
class WeftToolsErrorsTest {

    @Test
    void helpPrintsTheUsageAndSucceeds() {
        for (String[] args : List.of(
                new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"}, new String[] {"ps", "--help"})) {
            ToolRun run = ToolRun.of(args);

            assertThat(run.status()).as(run.toString()).isEqualTo(WeftTools.OK);
            assertThat(run.out()).startsWith("Usage: java -jar weft-tools.jar <command> <pid>");
            assertThat(run.out()).contains("ps <pid>", "pstree <pid>", "json <pid>", "-Dweft.jmx=false");
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertUsageError(ToolRun.of(), "weft-tools: no command given");
        assertUsageError(ToolRun.of("top", "1"), "weft-tools: unknown command 'top'");
        assertUsageError(ToolRun.of("ps"), "weft-tools: ps: no pid given");
        assertUsageError(ToolRun.of("pstree", "1", "2"), "weft-tools: pstree: too many arguments (one pid only)");
        assertUsageError(ToolRun.of("ps", "abc"), "weft-tools: ps: not a process id: 'abc'");
        assertUsageError(ToolRun.of("json", "0"), "weft-tools: json: not a process id: '0'");
        assertUsageError(ToolRun.of("ps", "-5"), "weft-tools: ps: not a process id: '-5'");
        assertUsageError(ToolRun.of("ps", "99999999999"), "weft-tools: ps: not a process id: '99999999999'");
    }

    private static void assertUsageError(ToolRun run, String firstLine) {
        assertThat(run.status()).as(run.toString()).isEqualTo(WeftTools.USAGE_ERROR);
        assertThat(run.out()).as(run.toString()).isEmpty();
        assertThat(run.err().lines().findFirst()).as(run.toString()).hasValue(firstLine);
        assertThat(run.err()).contains("Usage: java -jar weft-tools.jar <command> <pid>");
    }

    @Test
    void aPidWithNoProcessFails() {
        // Above Linux's largest pid_max (2^22), so never a live process there.
        ToolRun run = ToolRun.of("ps", "2147483646");

        assertThat(run.status()).as(run.toString()).isEqualTo(WeftTools.FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("weft-tools: no such process: 2147483646\n");
    }

    @Test
    void itsOwnPidFails() {
        long self = ProcessHandle.current().pid();
        ToolRun run = ToolRun.of("pstree", Long.toString(self));

        assertThat(run.status()).as(run.toString()).isEqualTo(WeftTools.FAILED);
        assertThat(run.err()).startsWith("weft-tools: " + self + " is this weft-tools process itself");
    }

    @Test
    void aProcessThatIsNotAJvmFails() throws Exception {
        Path sleep = Path.of("/bin/sleep");
        assumeTrue(Files.isExecutable(sleep), "needs /bin/sleep");
        Process p = new ProcessBuilder(sleep.toString(), "600").start();
        try {
            // The JDK gives up on it after half its attach timeout (5 s by default).
            ToolRun run = ToolRun.of("ps", Long.toString(p.pid()));

            assertThat(run.status()).as(run.toString()).isEqualTo(WeftTools.FAILED);
            assertThat(run.out()).isEmpty();
            assertThat(run.err())
                    .as(run.toString())
                    .startsWith("weft-tools: cannot attach to process " + p.pid() + ": ")
                    .contains("Is it a Java process");
            assertThat(p.isAlive())
                    .as("the tool must not kill what it fails to attach to")
                    .isTrue();
        } finally {
            p.destroyForcibly();
            p.waitFor(1, TimeUnit.MINUTES);
        }
    }

    @Test
    void aJvmWithoutWeftGroupsFails() throws Exception {
        try (ChildJvm child = ChildJvm.startReady(List.of(), "no-weft")) {
            for (String command : List.of("ps", "pstree", "json")) {
                ToolRun run = ToolRun.of(command, Long.toString(child.pid()));

                assertThat(run.status()).as(run.toString()).isEqualTo(WeftTools.FAILED);
                assertThat(run.out()).isEmpty();
                assertThat(run.err())
                        .as(run.toString())
                        .startsWith("weft-tools: no Weft task groups have been opened in " + child.pid() + " (");
            }
            assertThat(child.closeStdinAndAwaitExit(Duration.ofMinutes(1))).isZero();
        }
    }

    @Test
    void aJvmWithTheMXBeanTurnedOffFails() throws Exception {
        try (ChildJvm child = ChildJvm.startReady(List.of("-Dweft.jmx=false"))) {
            ToolRun run = ToolRun.of("ps", Long.toString(child.pid()));

            assertThat(run.status()).as(run.toString()).isEqualTo(WeftTools.FAILED);
            assertThat(run.err())
                    .as(run.toString())
                    .isEqualTo("weft-tools: Weft's MXBean dev.weft:type=Tasks is turned off in process " + child.pid()
                            + " (it runs with -Dweft.jmx=false)\n");
            assertThat(child.closeStdinAndAwaitExit(Duration.ofMinutes(1))).isZero();
        }
    }
}
