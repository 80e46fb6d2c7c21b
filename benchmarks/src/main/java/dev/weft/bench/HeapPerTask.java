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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.StructuredTaskScope;
import java.util.stream.Collectors;

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
            measure(args[1], Integer.parseInt(args[2]));
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

    /** Runs {@code --side side tasks} in a new JVM and returns the bytes per task it printed. */
    private static double inChildJvm(String side, int tasks) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "--enable-preview",
                "-Dweft.engine=threads",
                "-Xmx2g",
                "-cp",
                System.getProperty("java.class.path"),
                HeapPerTask.class.getName(),
                "--side",
                side,
                Integer.toString(tasks)));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(side + " failed (exit " + p.exitValue() + "): " + out);
        }
        return Double.parseDouble(out);
    }

    /** In the child JVM: warm up, start the sleepers, measure, print bytes per task, exit. */
    private static void measure(String side, int tasks) throws Exception {
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
        AutoCloseable running = start(side, sleepers, started, LONG_NAP);
        started.await();
        for (Thread t : sleepers) {
            while (t.getState() != Thread.State.TIMED_WAITING) {
                Thread.sleep(1);
            }
        }
        long during = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "%.1f%n", (during - before) / (double) sleepers.length);
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

    private static long usedHeapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
