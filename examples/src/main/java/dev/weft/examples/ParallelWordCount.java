// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import dev.weft.AsCompleted;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Counting words in many files in parallel, with a progress line as each file finishes
 * ({@link Weft#asCompleted}): the Python {@code ProcessPoolExecutor} + {@code as_completed} classic.
 *
 * <p>Java needs no processes for CPU-bound work: there is no GIL, and virtual threads run on
 * one carrier thread per core. Use {@link Weft#toThread} (asyncio's {@code to_thread}) for code
 * that would hold a carrier for long: a native call, a long {@code synchronized} section on
 * Java 21, or minutes of number crunching you want off the virtual-thread scheduler.
 */
public final class ParallelWordCount {

    /** How many files were counted, with how many progress lines, and the totals both ways. */
    public record Outcome(int files, int progressLines, long words, long wordsCountedOneByOne) {}

    private record Count(Path file, long words) {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("weft-wordcount");
        try {
            List<Path> files = generate(dir, 12);
            out.println("Java needs no processes for CPU-bound work: no GIL, virtual threads use every core.");
            List<Callable<Count>> jobs = new ArrayList<>();
            for (Path f : files) {
                jobs.add(() -> new Count(f, countWords(f)));
            }
            long words = 0;
            int progress = 0;
            try (AsCompleted<Count> done = Weft.asCompleted(jobs)) {
                for (Task<Count> task : done) { // in the order the files finish
                    Count c = task.join();
                    words += c.words();
                    out.printf(
                            "[%2d/%d] %s: %,d words%n",
                            ++progress, files.size(), c.file().getFileName(), c.words());
                }
            }
            long oneByOne = 0;
            for (Path f : files) {
                oneByOne += countWords(f);
            }
            out.printf("total: %,d words (counted one by one: %,d)%n", words, oneByOne);
            return new Outcome(files.size(), progress, words, oneByOne);
        } finally {
            try (var paths = Files.list(dir)) {
                for (Path p : paths.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    static long countWords(Path file) throws IOException {
        return Files.readString(file)
                .lines()
                .mapToLong(line -> line.split("\\s+").length)
                .sum();
    }

    private static List<Path> generate(Path dir, int files) throws IOException {
        String[] vocabulary = "the a weft warp loom thread task group cancel queue lock event gather".split(" ");
        Random random = new Random(42);
        List<Path> paths = new ArrayList<>();
        for (int i = 1; i <= files; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0, n = 20_000 + random.nextInt(60_000); w < n; w++) {
                text.append(vocabulary[random.nextInt(vocabulary.length)]).append(w % 12 == 11 ? '\n' : ' ');
            }
            paths.add(Files.writeString(dir.resolve("file-%02d.txt".formatted(i)), text));
        }
        return paths;
    }

    private ParallelWordCount() {}
}
