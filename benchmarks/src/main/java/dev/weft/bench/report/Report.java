// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.weft.bench.report.Results.Comparison;
import dev.weft.bench.report.Results.Score;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns a JMH JSON result file into a markdown table of every Weft figure and its ratio to each
 * peer, and a PNG chart of those ratios. Run by {@code benchmarks/run}; by hand:
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.weft.bench.report.Report \
 *     --json benchmarks/results/quick.json --md benchmarks/results/quick.md \
 *     --png benchmarks/results/quick.png [--heap benchmarks/results/quick-heap.tsv] \
 *     [--title quick] [--settings "-f 1 ..."] [--command "benchmarks/run quick"]
 * }</pre>
 *
 * <p>{@code --json} may name several files, comma-separated: the JSON of rounds of the same
 * benchmarks, one fork each, merged so that each entry's forks are its rounds (see
 * {@link Results#mergeRounds}); {@code --merged out.json} then writes the merged JSON. A round
 * may also be a directory: its {@code *.json} files (one JMH run each, as
 * {@code benchmarks/run targets} writes them) together are that round (see {@link #readRound}).
 */
public final class Report {

    private Report() {}

    /**
     * One round's JMH JSON: a file's array, or for a directory the entries of all its
     * {@code *.json} files, in file-name order.
     */
    static JsonArray readRound(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            try (Reader r = Files.newBufferedReader(path)) {
                return JsonParser.parseReader(r).getAsJsonArray();
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(path)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no *.json in the round directory " + path);
        }
        JsonArray round = new JsonArray();
        for (Path f : files) {
            round.addAll(readRound(f));
        }
        return round;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        List<JsonArray> rounds = new ArrayList<>();
        for (String file : required(opts, "json").split(",")) {
            rounds.add(readRound(Path.of(file)));
        }
        JsonArray merged = rounds.size() == 1 ? rounds.get(0) : Results.mergeRounds(rounds);
        if (opts.containsKey("merged")) {
            Files.writeString(Path.of(opts.get("merged")), merged.toString());
        }
        List<Score> scores = Results.parse(merged);
        if (rounds.size() > 1) {
            opts.put("rounds", Integer.toString(rounds.size()));
        }
        List<Comparison> comparisons = Results.compare(scores);
        List<HeapRow> heap = opts.containsKey("heap") ? readHeap(Path.of(opts.get("heap"))) : List.of();

        String md = markdown(opts, scores, comparisons, heap);
        Path mdPath = Path.of(required(opts, "md"));
        Files.writeString(mdPath, md);
        System.out.println("Report: " + mdPath);
        if (opts.containsKey("png")) {
            Path png = Path.of(opts.get("png"));
            RatioChart.write(comparisons, heap, opts.getOrDefault("title", ""), png);
            System.out.println("Chart:  " + png);
        }
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return v;
    }

    // ---- heap per task (written by dev.weft.bench.HeapPerTask) ----

    /** One side of the heap-per-sleeping-task measurement. */
    record HeapRow(String side, int tasks, double bytesPerTask, String runs) {}

    static List<HeapRow> readHeap(Path tsv) throws IOException {
        List<HeapRow> rows = new ArrayList<>();
        try (Stream<String> lines = Files.lines(tsv)) {
            lines.filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
                String[] f = l.split("\t");
                rows.add(new HeapRow(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), f.length > 3 ? f[3] : ""));
            });
        }
        return rows;
    }

    // ---- markdown ----

    static String markdown(
            Map<String, String> opts, List<Score> scores, List<Comparison> comparisons, List<HeapRow> heap) {
        StringBuilder md = new StringBuilder();
        md.append("# Weft benchmarks")
                .append(opts.containsKey("title") ? ": " + opts.get("title") : "")
                .append("\n\n");
        md.append("- Date: ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append('\n');
        md.append("- Machine: ").append(Machine.describe()).append('\n');
        md.append("- JDK: ")
                .append(System.getProperty("java.version"))
                .append(" (")
                .append(System.getProperty("java.vm.name"))
                .append(' ')
                .append(System.getProperty("java.vm.version"))
                .append(")\n");
        if (opts.containsKey("settings")) {
            md.append("- JMH settings: `").append(opts.get("settings")).append("`\n");
        }
        if (opts.containsKey("command")) {
            md.append("- Reproduce: `").append(opts.get("command")).append("`\n");
        }
        if (opts.containsKey("rounds")) {
            md.append("- Forks are rounds: ")
                    .append(opts.get("rounds"))
                    .append(" rounds, each running every benchmark once (one fork), so fork i of Weft and fork i ")
                    .append("of a peer ran in the same round.\n");
        }
        md.append("""
                - Scores are the median of the measurement iterations. Ratio = Weft / peer for \
                time per operation (peer / Weft for throughput): **below 1× Weft is faster**.
                - With more than one fork a cell reads `peer score (ratio; min–max, N forks)`: the \
                ratio is taken per fork (Weft's median in fork i over the peer's in fork i) and \
                the median of those is shown, then the lowest and highest of them.

                """);

        Map<String, List<Comparison>> byClass = new LinkedHashMap<>();
        comparisons.forEach(c -> byClass.computeIfAbsent(c.benchmarkClass(), k -> new ArrayList<>())
                .add(c));
        for (var e : byClass.entrySet()) {
            md.append("## ").append(e.getKey()).append("\n\n");
            table(md, e.getValue());
        }
        Set<String> unpaired = new LinkedHashSet<>();
        scores.forEach(s -> unpaired.add(s.benchmarkClass()));
        unpaired.removeAll(byClass.keySet());
        if (!unpaired.isEmpty()) {
            md.append("Measured, but with no Weft figure to compare: ")
                    .append(String.join(", ", unpaired))
                    .append(".\n\n");
        }
        if (!heap.isEmpty()) {
            heapTable(md, heap);
        }
        return md.toString();
    }

    private static void table(StringBuilder md, List<Comparison> rows) {
        List<String> peers =
                rows.stream().map(Comparison::peerColumn).distinct().toList();
        Map<String, List<Comparison>> byFigure = new LinkedHashMap<>();
        rows.forEach(c -> byFigure.computeIfAbsent(c.params() + "\u0000" + c.weft(), k -> new ArrayList<>())
                .add(c));
        md.append("| Params | Weft figure | Score |");
        peers.forEach(p -> md.append(' ').append(p).append(" |"));
        md.append("\n|---|---|---:|");
        peers.forEach(p -> md.append("---:|"));
        md.append('\n');
        for (List<Comparison> figure : byFigure.values()) {
            Comparison first = figure.getFirst();
            md.append("| ")
                    .append(first.params().isEmpty() ? "" : first.params())
                    .append(" | ")
                    .append(first.weft())
                    .append(" | ")
                    .append(number(first.weftScore()))
                    .append(' ')
                    .append(first.unit())
                    .append(" |");
            for (String p : peers) {
                String cell = figure.stream()
                        .filter(c -> c.peerColumn().equals(p))
                        .findFirst()
                        .map(c -> number(c.peerScore()) + " (" + ratioCell(c) + ")")
                        .orElse("");
                md.append(' ').append(cell).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static void heapTable(StringBuilder md, List<HeapRow> heap) {
        md.append("## Heap per sleeping task (HeapPerTask)\n\n");
        md.append("Live heap after a full GC with every task asleep, minus the heap before they started, "
                + "per task; median of the runs.\n\n");
        md.append("| Side | Tasks | Bytes per task | Weft / side | Every run |\n|---|---:|---:|---:|---|\n");
        HeapRow weft = heap.stream()
                .filter(h -> h.side().startsWith("weft"))
                .findFirst()
                .orElse(null);
        for (HeapRow h : heap) {
            md.append("| ")
                    .append(h.side())
                    .append(" | ")
                    .append(h.tasks())
                    .append(" | ")
                    .append(number(h.bytesPerTask()))
                    .append(" | ")
                    .append(weft == null || h == weft ? "" : ratioText(weft.bytesPerTask() / h.bytesPerTask()))
                    .append(" | ")
                    .append(h.runs())
                    .append(" |\n");
        }
        md.append('\n');
    }

    /** {@code 1.25×}, or with two forks or more {@code 1.12×; 0.98–1.31, 5 forks}. */
    static String ratioCell(Comparison c) {
        return c.forks() < 2
                ? ratioText(c.ratio())
                : ratioText(c.ratio()) + "; " + spreadText(c) + ", " + c.forks() + " forks";
    }

    /** The lowest and highest per-fork ratio: {@code 0.98–1.31}. */
    static String spreadText(Comparison c) {
        return bare(c.ratioMin()) + "–" + bare(c.ratioMax());
    }

    private static String bare(double ratio) {
        return String.format(Locale.ROOT, ratio < 0.1 ? "%.3f" : "%.2f", ratio);
    }

    static String ratioText(double ratio) {
        return String.format(Locale.ROOT, ratio < 0.1 ? "%.3f×" : "%.2f×", ratio);
    }

    /** Three significant figures, without exponent notation. */
    static String number(double v) {
        double a = Math.abs(v);
        String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3g";
        return String.format(Locale.ROOT, f, v);
    }
}
