// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapPerTaskTest {

    /** The shape GC.class_histogram prints on JDK 25 (rows shortened). */
    private static final String HISTOGRAM = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:        100000       59685000  jdk.internal.vm.StackChunk (java.base@25.0.3)
               2:        100000       10400000  dev.weft.internal.ForkedTask
               3:        118103        4993696  [B (java.base@25.0.3)
               4:             2            64  dev.weft.Twice
               5:             1            32  dev.weft.Twice
            Total       318206       75079792
            """;

    @Test
    void parseHistogram_readsEveryRow_andAddsUpRowsOfOneName() {
        Map<String, long[]> rows = HeapPerTask.parseHistogram(HISTOGRAM);

        assertThat(rows)
                .containsOnlyKeys("jdk.internal.vm.StackChunk", "dev.weft.internal.ForkedTask", "[B", "dev.weft.Twice");
        assertThat(rows.get("jdk.internal.vm.StackChunk")).containsExactly(100000L, 59685000L);
        assertThat(rows.get("[B")).containsExactly(118103L, 4993696L);
        assertThat(rows.get("dev.weft.Twice")).containsExactly(3L, 96L);
    }

    @Test
    void grown_listsClassesThatGrewByAtLeastOneBytePerTask_largestFirst_withTheirTotal() {
        Map<String, long[]> before = Map.of("[B", new long[] {8000, 1000000}, "Kept", new long[] {10, 320});
        Map<String, long[]> after = Map.of(
                "[B", new long[] {108000, 4900000}, // +39 B per task
                "Kept", new long[] {10, 320}, // unchanged
                "Task", new long[] {100000, 10400000}, // new: 104 B, one per task
                "Crumb", new long[] {5, 80}); // under a byte per task

        String tsv = HeapPerTask.grown("weftTaskGroup", before, after, 100000);

        assertThat(tsv.lines())
                .containsExactly(
                        "weftTaskGroup\tTask\t104.0\t1.00",
                        "weftTaskGroup\t[B\t39.0\t1.00",
                        "weftTaskGroup\t(total of the rows above)\t143.0\t");
    }
}
