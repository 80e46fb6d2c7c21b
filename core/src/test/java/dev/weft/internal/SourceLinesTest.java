// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every line of core's sources, comments included, fits in 120 columns. The build's formatter
 * (palantir-java-format through Spotless) wraps code but leaves comments as written, so this
 * keeps the implementation notes readable in one sitting.
 */
class SourceLinesTest {

    private static final int MAX = 120;

    @Test
    void everySourceLine_fitsIn120Columns() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (String root : List.of("src/main/java", "src/main/java25", "src/test/java")) {
            Path dir = Path.of(root);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        if (lines.get(i).length() > MAX) {
                            tooLong.add(f + ":" + (i + 1) + " (" + lines.get(i).length() + " columns)");
                        }
                    }
                }
            }
        }
        assertThat(Path.of("src/main/java")).isDirectory();
        assertThat(tooLong).as("lines over %d columns", MAX).isEmpty();
    }
}
