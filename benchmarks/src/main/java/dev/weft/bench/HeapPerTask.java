// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench;

import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.StructuredTaskScope;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.ObjectName;

/**
 * Live heap per sleeping task (target, README Benchmarks: at most 1.3 KB in a TaskGroup, beside about 1.15 KB
 * for a raw virtual thread). For each side, a fresh JVM ({@code -Xmx2g}) starts {@code tasks}
 * tasks that each go to sleep for an hour, waits until every one of them is parked in its
 * sleep, and reports (used heap after a full GC) minus (used heap after a full GC before the
 * first start), divided by {@code tasks}. Before that baseline it runs the same side
 * {@value #WARM_UP_ROUNDS} times with {@value #WARM_UP_TASKS} tasks napping 1 ms, so the
 * sleepers park from compiled code, as in a warmed-up service. The sides, all one virtual thread per task:
 *
 * <ul>
 *   <li>{@code weftTaskGroup}: {@code TaskGroup.open()} + {@code fork}, {@code Weft.sleep};
 *   <li>{@code rawVirtualThreads}: {@code Thread.ofVirtual().start()}, {@code Thread.sleep};
 *   <li>{@code structuredTaskScope}: JDK 25 {@code StructuredTaskScope.open()} + fork,
 *       {@code Thread.sleep}.
 * </ul>
 *
 * <p>Each side runs {@code runs} times, each in its own JVM; the median is reported, one line
 * per side, as tab-separated {@code side tasks bytesPerTask everyRun}, to standard output and to
 * {@code out} if given (read by {@code dev.weft.bench.report.Report --heap}).
 *
 * <p>Run: {@code java --enable-preview -cp benchmarks/target/benchmarks.jar
 * dev.weft.bench.HeapPerTask [tasks=100000] [runs=3] [out.tsv]} (or {@code benchmarks/run quick},
 * which runs it after JMH; {@code full} runs it with 1,000,000 tasks).
 *
 * <p>Where the bytes go: {@code dev.weft.bench.HeapPerTask --classes [tasks=100000] [out.tsv]}
 * runs each side once, in its own JVM as above, takes a class histogram (the
 * {@code GC.class_histogram} diagnostic command, which collects first) before the sleepers
 * start and once they all sleep, and prints, per side, every class that grew by at least one byte
 * per task: {@code side class bytesPerTask instancesPerTask}. Objects of a fixed size (a task
 * object, a thread's name) show the same figure in every run; {@code jdk.internal.vm.StackChunk},
 * the parked frames, does not: a frame parked before the JIT compiled its method is an
 * interpreter frame, several times larger than the compiled one, so that row moves from run to
 * run with how far compilation got (one reason the totals above are medians of several JVMs).
 */
public final class HeapPerTask {

    static final List<String> SIDES = List.of("weftTaskGroup", "rawVirtualThreads", "structuredTaskScope");
    private static final Duration LONG_NAP = Duration.ofHours(1);
    private static final Duration SHORT_NAP = Duration.ofMillis(1);
    static final int WARM_UP_ROUNDS = 5;
    static final int WARM_UP_TASKS = 20_000;

    private HeapPerTask() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--side")) {
            measure(args[1], Integer.parseInt(args[2]), false);
            return;
        }
        if (args.length == 3 && args[0].equals("--side-classes")) {
            measure(args[1], Integer.parseInt(args[2]), true);
            return;
        }
        if (args.length > 0 && args[0].equals("--classes")) {
            classes(args.length > 1 ? Integer.parseInt(args[1]) : 100_000, args.length > 2 ? args[2] : null);
            return;
        }
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        StringBuilder tsv = new StringBuilder("# side\ttasks\tbytesPerTask (median of " + runs + " JVMs)\tevery run\n");
        for (String side : SIDES) {
            double[] perTask = new double[runs];
            for (int r = 0; r < runs; r++) {
                perTask[r] = inChildJvm(side, tasks);
            }
            String every = Arrays.stream(perTask)
                    .mapToObj(v -> String.format(Locale.ROOT, "%.0f", v))
                    .collect(Collectors.joining(" "));
            Arrays.sort(perTask);
            double median = runs % 2 == 1 ? perTask[runs / 2] : (perTask[runs / 2 - 1] + perTask[runs / 2]) / 2;
            tsv.append(String.format(Locale.ROOT, "%s\t%d\t%.1f\t%s%n", side, tasks, median, every));
        }
        System.out.print(tsv);
        if (args.length > 2) {
            Files.writeString(Path.of(args[2]), tsv);
        }
    }

    /** {@code --classes}: the per-class growth of each side, one JVM per side (see the class notes). */
    private static void classes(int tasks, String out) throws IOException, InterruptedException {
        StringBuilder tsv = new StringBuilder("# side\tclass\tbytesPerTask\tinstancesPerTask (" + tasks + " tasks)\n");
        for (String side : SIDES) {
            tsv.append(runChild("--side-classes", side, tasks)).append('\n');
        }
        System.out.print(tsv);
        if (out != null) {
            Files.writeString(Path.of(out), tsv);
        }
    }

    /** Runs {@code --side side tasks} in a new JVM and returns the bytes per task it printed. */
    private static double inChildJvm(String side, int tasks) throws IOException, InterruptedException {
        return Double.parseDouble(runChild("--side", side, tasks));
    }

    /** Runs {@code mode side tasks} in a new JVM and returns what it printed, trimmed. */
    private static String runChild(String mode, String side, int tasks) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "--enable-preview",
                "-Dweft.engine=threads",
                "-Xmx2g",
                "-cp",
                System.getProperty("java.class.path"),
                HeapPerTask.class.getName(),
                mode,
                side,
                Integer.toString(tasks)));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(side + " failed (exit " + p.exitValue() + "): " + out);
        }
        return out;
    }

    /**
     * In the child JVM: warm up, start the sleepers, measure, print bytes per task (or, with
     * {@code byClass}, the per-class rows of {@code --classes}), exit.
     */
    private static void measure(String side, int tasks, boolean byClass) throws Exception {
        // Warm-up: the same code path with short naps, until it is compiled. A virtual thread's
        // parked stack holds its frames as they were when it parked, and interpreted frames are
        // larger than compiled ones: without this, the figure depends on how far the JIT got
        // while the sleepers started (runs of one side differed by up to 40%).
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            Thread[] warm = new Thread[WARM_UP_TASKS];
            CountDownLatch warmStarted = new CountDownLatch(WARM_UP_TASKS);
            try (AutoCloseable sleepers = start(side, warm, warmStarted, SHORT_NAP)) {
                warmStarted.await();
            }
        }
        Thread[] sleepers = new Thread[tasks]; // allocated before the baseline, so not counted
        CountDownLatch started = new CountDownLatch(tasks);
        long before = usedHeapAfterGc();
        Map<String, long[]> classesBefore = byClass ? histogram() : Map.of();
        AutoCloseable running = start(side, sleepers, started, LONG_NAP);
        started.await();
        for (Thread t : sleepers) {
            while (t.getState() != Thread.State.TIMED_WAITING) {
                Thread.sleep(1);
            }
        }
        long during = usedHeapAfterGc();
        if (byClass) {
            System.out.print(grown(side, classesBefore, histogram(), tasks));
        } else {
            System.out.printf(Locale.ROOT, "%.1f%n", (during - before) / (double) sleepers.length);
        }
        System.out.flush();
        // The sleepers are left asleep (running is not closed): the JVM ends here, with them.
        Reference.reachabilityFence(running);
        System.exit(0);
    }

    /**
     * Starts one task per slot of {@code sleepers}, each recording its thread, counting down
     * {@code started} and sleeping {@code nap}; closing the result waits for them all to end.
     */
    private static AutoCloseable start(String side, Thread[] sleepers, CountDownLatch started, Duration nap) {
        int tasks = sleepers.length;
        switch (side) {
            case "weftTaskGroup" -> {
                TaskGroup tg = TaskGroup.open();
                for (int i = 0; i < tasks; i++) {
                    int slot = i;
                    tg.fork(() -> {
                        sleepers[slot] = Thread.currentThread();
                        started.countDown();
                        Weft.sleep(nap);
                        return null;
                    });
                }
                return tg::join;
            }
            case "rawVirtualThreads" -> {
                for (int i = 0; i < tasks; i++) {
                    int slot = i;
                    Thread.ofVirtual().start(() -> {
                        sleepers[slot] = Thread.currentThread();
                        started.countDown();
                        try {
                            Thread.sleep(nap);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
                return () -> {
                    for (Thread t : sleepers) {
                        t.join();
                    }
                };
            }
            case "structuredTaskScope" -> {
                var scope = StructuredTaskScope.open();
                for (int i = 0; i < tasks; i++) {
                    int slot = i;
                    scope.fork(() -> {
                        sleepers[slot] = Thread.currentThread();
                        started.countDown();
                        Thread.sleep(nap);
                        return null;
                    });
                }
                return () -> {
                    scope.join();
                    scope.close();
                };
            }
            default -> throw new IllegalArgumentException("unknown side " + side + "; one of " + SIDES);
        }
    }

    /** One histogram row: instances and bytes of one class. */
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** Class name to {instances, bytes}, from the JVM's own class histogram (after a full GC). */
    private static Map<String, long[]> histogram() throws Exception {
        return parseHistogram((String) ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram",
                        new Object[] {null},
                        new String[] {String[].class.getName()}));
    }

    /**
     * Class name to {instances, bytes} from the text of {@code GC.class_histogram}; rows of one
     * name (a class loaded by two loaders) are added up, the header and total lines skipped.
     */
    static Map<String, long[]> parseHistogram(String text) {
        Map<String, long[]> rows = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = HISTOGRAM_ROW.matcher(line);
            if (m.find()) {
                rows.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))}, (a, b) ->
                        new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return rows;
    }

    /**
     * The classes that grew by at least one byte per task from {@code before} to {@code after},
     * largest first, as TSV rows {@code side class bytesPerTask instancesPerTask}, then a total row.
     */
    static String grown(String side, Map<String, long[]> before, Map<String, long[]> after, int tasks) {
        record Row(String name, double bytes, double instances) {}
        List<Row> rows = new ArrayList<>();
        for (var e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            double bytes = (e.getValue()[1] - b[1]) / (double) tasks;
            if (bytes >= 1.0) {
                rows.add(new Row(e.getKey(), bytes, (e.getValue()[0] - b[0]) / (double) tasks));
            }
        }
        rows.sort(Comparator.comparingDouble(Row::bytes).reversed());
        double total = rows.stream().mapToDouble(Row::bytes).sum();
        StringBuilder out = new StringBuilder();
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "%s\t%s\t%.1f\t%.2f%n", side, r.name(), r.bytes(), r.instances()));
        }
        out.append(String.format(Locale.ROOT, "%s\t(total of the rows above)\t%.1f\t%n", side, total));
        return out.toString();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
