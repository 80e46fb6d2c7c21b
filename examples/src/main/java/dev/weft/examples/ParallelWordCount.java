package dev.weft.examples;

import dev.weft.AsCompleted;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

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

    /** How many files and words were counted, in parallel and (to check) one by one. */
    public record Outcome(int files, int progressLines, long words, long wordsCountedSequentially, Map<String, Long> top) {}

    private record Count(Path file, Map<String, Long> words) {}

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
                jobs.add(() -> new Count(f, count(f)));
            }
            Map<String, Long> total = new HashMap<>();
            int progress = 0;
            try (AsCompleted<Count> done = Weft.asCompleted(jobs)) {
                for (Task<Count> task : done) {
                    Count c = task.join();
                    c.words().forEach((w, n) -> total.merge(w, n, Long::sum));
                    long n = c.words().values().stream().mapToLong(Long::longValue).sum();
                    out.printf("[%2d/%d] %s: %,d words%n", ++progress, files.size(), c.file().getFileName(), n);
                }
            }
            long words = total.values().stream().mapToLong(Long::longValue).sum();
            long sequential = 0;
            for (Path f : files) {
                sequential += count(f).values().stream().mapToLong(Long::longValue).sum();
            }
            Map<String, Long> top = total.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(3).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
            out.printf("total: %,d words (one by one: %,d); most common: %s%n", words, sequential, top);
            return new Outcome(files.size(), progress, words, sequential, top);
        } finally {
            try (var paths = Files.list(dir)) {
                for (Path p : paths.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    static Map<String, Long> count(Path file) throws IOException {
        return Files.readString(file).lines()
                .flatMap(line -> java.util.Arrays.stream(line.split("\\s+")))
                .filter(w -> !w.isEmpty())
                .collect(Collectors.groupingBy(w -> w, Collectors.counting()));
    }

    private static List<Path> generate(Path dir, int files) throws IOException {
        String[] vocabulary = "the a weft warp loom thread task group cancel queue lock event gather".split(" ");
        Random random = new Random(42);
        List<Path> paths = new ArrayList<>();
        for (int i = 1; i <= files; i++) {
            StringBuilder text = new StringBuilder();
            int words = 20_000 + random.nextInt(60_000);
            for (int w = 0; w < words; w++) {
                text.append(vocabulary[random.nextInt(vocabulary.length)]).append(w % 12 == 11 ? '\n' : ' ');
            }
            paths.add(Files.writeString(dir.resolve("file-%02d.txt".formatted(i)), text));
        }
        paths.sort(Comparator.naturalOrder());
        return paths;
    }

    private ParallelWordCount() {}
}
