// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/*
 * Implementation notes.
 *
 * JMH's JSON holds one entry per (benchmark method, parameter values). We keep, per entry, the
 * median of its measurement iterations (the machines are noisy and share cores, so medians,
 * not JMH's mean), and the median of each fork's iterations (primaryMetric.rawData holds one
 * array per fork), then pair every Weft figure with every peer measured beside it.
 *
 * A pair's ratio is taken per fork: fork i's Weft median against fork i's peer median, for
 * every fork index both have. The reported ratio is the median of those, with their lowest and
 * highest as the spread. Fork i of one side and fork i of the other are different JVMs run at
 * different times (JMH runs a benchmark's forks one after another), so the pairing by index is
 * not a paired measurement: the spread says how far the ratio moves from one JVM to the next.
 * Entries without rawData (sample mode keeps histograms) have no per-fork figures; their ratio
 * is that of the two medians, with no spread.
 *
 * Rounds (mergeRounds). benchmarks/run targets runs JMH once per round with one fork each, every
 * benchmark in every round, and merges the rounds' JSON: an entry's forks are then its rounds,
 * in order, so fork i of Weft and fork i of a peer ran in the same round, minutes apart instead
 * of a whole benchmark's forks apart, and a step of the machine between rounds (see CoreToCore)
 * moves both sides of a pair instead of one.
 *
 * Which figure is Weft's, and which peers it is compared with, follows the naming in
 * benchmarks/, in this order:
 *   1. a "side" parameter: a @Param one of whose values starts with "weft" (QueueBenchmark's
 *      impl=weft|arrayBlockingQueue|...). The entry with that value is Weft's; the entries with
 *      the same method and the same other parameters are its peers.
 *   2. a method whose name starts with "weft" (ForkJoinBenchmark.weftTaskGroup): every method
 *      of the class not named so is a peer, at the same parameter values.
 *   3. a method named <scenario>Weft (SemaphoreBenchmark.contendedWeft): its peers are the
 *      other methods named <scenario><Peer>, at the same parameter values.
 * A class with no Weft figure gives no comparisons (it is still listed as measured).
 */

/** Reads JMH results and pairs each Weft figure with its peers. */
public final class Results {

    private Results() {}

    /**
     * One JMH entry: a benchmark method at one set of parameter values, scored by its median
     * (of every fork's iterations); {@code forkMedians} holds the median of each fork's
     * iterations, in fork order (empty when the JSON has no raw data).
     */
    public record Score(
            String benchmarkClass,
            String method,
            Map<String, String> params,
            String mode,
            double median,
            String unit,
            double[] forkMedians) {}

    /**
     * A Weft figure beside one peer, measured in the same run. {@code ratio} is below 1 when
     * Weft is faster, whatever the mode (see {@link #ratio}): the median over {@code forks} fork
     * indices of the per-fork ratio, which ranges from {@code ratioMin} to {@code ratioMax}.
     * {@code forks} is 0 when there were no per-fork figures ({@code ratio} is then that of the
     * two scores, and min and max equal it).
     */
    public record Comparison(
            String benchmarkClass,
            String params,
            String weft,
            double weftScore,
            String peer,
            String peerColumn,
            double peerScore,
            String unit,
            double ratio,
            double ratioMin,
            double ratioMax,
            int forks) {}

    // ---- reading ----

    /** Parses JMH's {@code -rf json} output. */
    public static List<Score> parse(Reader json) {
        return parse(JsonParser.parseReader(json).getAsJsonArray());
    }

    /**
     * Merges the JMH JSON of several runs ("rounds") of the same benchmarks into one: an entry
     * (benchmark, mode, parameters) present in several rounds gets their forks' raw data one
     * after another, in round order, so that fork i is round i for every entry measured in every
     * round; the rest of each entry is the first round's. Entries come out sorted by benchmark,
     * mode and parameter values (numbers as numbers), as one JMH run lists them, whatever order
     * the rounds ran them in (benchmarks/run targets shuffles it).
     *
     * @throws IllegalArgumentException if an entry has no raw data to merge (sample mode)
     */
    public static JsonArray mergeRounds(List<JsonArray> rounds) {
        Map<String, JsonObject> merged = new LinkedHashMap<>();
        for (JsonArray round : rounds) {
            for (JsonElement e : round) {
                JsonObject o = e.getAsJsonObject();
                String key =
                        o.get("benchmark").getAsString() + " " + o.get("mode").getAsString() + " "
                                + (o.has("params") ? o.get("params").toString() : "");
                JsonObject metric = o.getAsJsonObject("primaryMetric");
                if (!metric.has("rawData")) {
                    throw new IllegalArgumentException("no rawData to merge in " + key);
                }
                JsonObject first = merged.get(key);
                if (first == null) {
                    merged.put(key, o.deepCopy());
                } else {
                    first.getAsJsonObject("primaryMetric")
                            .getAsJsonArray("rawData")
                            .addAll(metric.getAsJsonArray("rawData"));
                }
            }
        }
        JsonArray out = new JsonArray();
        merged.values().stream().sorted(Results::compareEntries).forEach(out::add);
        return out;
    }

    /** JMH's order of entries: benchmark, then mode, then each parameter's value in turn. */
    private static int compareEntries(JsonObject a, JsonObject b) {
        int c = a.get("benchmark").getAsString().compareTo(b.get("benchmark").getAsString());
        if (c == 0) {
            c = a.get("mode").getAsString().compareTo(b.get("mode").getAsString());
        }
        if (c != 0 || !a.has("params") || !b.has("params")) {
            return c != 0 ? c : Boolean.compare(a.has("params"), b.has("params"));
        }
        JsonObject pb = b.getAsJsonObject("params");
        for (Map.Entry<String, JsonElement> e : a.getAsJsonObject("params").entrySet()) {
            JsonElement other = pb.get(e.getKey());
            c = other == null ? 1 : compareValues(e.getValue().getAsString(), other.getAsString());
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compareValues(String a, String b) {
        try {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException notNumbers) {
            return a.compareTo(b);
        }
    }

    /** Parses JMH's JSON, already read. */
    static List<Score> parse(JsonArray entries) {
        List<Score> scores = new ArrayList<>();
        for (JsonElement e : entries) {
            JsonObject o = e.getAsJsonObject();
            String benchmark = o.get("benchmark").getAsString();
            int dot = benchmark.lastIndexOf('.');
            String cls = benchmark.substring(0, dot);
            cls = cls.substring(cls.lastIndexOf('.') + 1);
            Map<String, String> params = new TreeMap<>();
            if (o.has("params")) {
                o.getAsJsonObject("params")
                        .entrySet()
                        .forEach(p -> params.put(p.getKey(), p.getValue().getAsString()));
            }
            JsonObject metric = o.getAsJsonObject("primaryMetric");
            scores.add(new Score(
                    cls,
                    benchmark.substring(dot + 1),
                    params,
                    o.get("mode").getAsString(),
                    medianScore(metric),
                    metric.get("scoreUnit").getAsString(),
                    forkMedians(metric)));
        }
        return scores;
    }

    /** The median of each fork's measurement iterations, from {@code rawData}; empty without it. */
    static double[] forkMedians(JsonObject metric) {
        if (!metric.has("rawData")) {
            return new double[0];
        }
        List<Double> medians = new ArrayList<>();
        for (JsonElement fork : metric.getAsJsonArray("rawData")) {
            JsonArray iterations = (JsonArray) fork;
            if (iterations.isEmpty()) {
                continue;
            }
            double[] v = new double[iterations.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = iterations.get(i).getAsDouble();
            }
            medians.add(median(v));
        }
        return medians.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The ratio (as {@link #ratio}) of each fork index both sides have: Weft's median in fork i
     * against the peer's median in fork i.
     */
    static double[] forkRatios(String mode, double[] weft, double[] peer) {
        double[] r = new double[Math.min(weft.length, peer.length)];
        for (int i = 0; i < r.length; i++) {
            r[i] = ratio(mode, weft[i], peer[i]);
        }
        return r;
    }

    /**
     * The median of the measurement iterations (every fork's), from {@code rawData}; failing
     * that JMH's own 50th percentile (sample mode keeps a histogram instead of raw data); failing
     * that the mean.
     */
    static double medianScore(JsonObject metric) {
        if (metric.has("rawData")) {
            List<Double> all = new ArrayList<>();
            for (JsonElement fork : metric.getAsJsonArray("rawData")) {
                for (JsonElement v : (JsonArray) fork) {
                    all.add(v.getAsDouble());
                }
            }
            if (!all.isEmpty()) {
                return median(all.stream().mapToDouble(Double::doubleValue).toArray());
            }
        }
        if (metric.has("scorePercentiles")
                && metric.getAsJsonObject("scorePercentiles").has("50.0")) {
            return metric.getAsJsonObject("scorePercentiles").get("50.0").getAsDouble();
        }
        return metric.get("score").getAsDouble();
    }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /**
     * Weft / peer for the time modes ({@code avgt}, {@code sample}, {@code ss}), peer / Weft for
     * throughput ({@code thrpt}): either way, below 1 means Weft is faster.
     */
    public static double ratio(String mode, double weft, double peer) {
        return switch (mode) {
            case "thrpt" -> peer / weft;
            case "avgt", "sample", "ss" -> weft / peer;
            default -> throw new IllegalArgumentException("unknown JMH mode " + mode);
        };
    }

    // ---- pairing ----

    /** Every (Weft figure, peer) pair, in the order the JSON lists the Weft figures. */
    public static List<Comparison> compare(List<Score> scores) {
        Map<String, List<Score>> byClass = new LinkedHashMap<>();
        scores.forEach(s -> byClass.computeIfAbsent(s.benchmarkClass(), k -> new ArrayList<>())
                .add(s));
        List<Comparison> out = new ArrayList<>();
        for (List<Score> cls : byClass.values()) {
            String side = sideParam(cls);
            for (Score weft : cls) {
                if (side != null ? !weft.params().get(side).startsWith("weft") : weftScenario(weft.method()) == null) {
                    continue;
                }
                for (Score peer : cls) {
                    String column = side != null ? peerColumn(weft, peer, side) : peerColumn(weft, peer);
                    if (column == null
                            || !peer.mode().equals(weft.mode())
                            || !peer.unit().equals(weft.unit())) {
                        continue;
                    }
                    String weftLabel = side != null
                            ? weft.method() + "(" + side + "=" + weft.params().get(side) + ")"
                            : weft.method();
                    double[] perFork = forkRatios(weft.mode(), weft.forkMedians(), peer.forkMedians());
                    double ratio =
                            perFork.length > 0 ? median(perFork) : ratio(weft.mode(), weft.median(), peer.median());
                    out.add(new Comparison(
                            weft.benchmarkClass(),
                            paramsText(weft.params(), side),
                            weftLabel,
                            weft.median(),
                            peer.method()
                                    + (side != null
                                            ? "(" + side + "=" + peer.params().get(side) + ")"
                                            : ""),
                            column,
                            peer.median(),
                            weft.unit(),
                            ratio,
                            perFork.length > 0 ? Arrays.stream(perFork).min().getAsDouble() : ratio,
                            perFork.length > 0 ? Arrays.stream(perFork).max().getAsDouble() : ratio,
                            perFork.length));
                }
            }
        }
        return out;
    }

    /** The parameter of this class one of whose values starts with "weft", or null. */
    static String sideParam(List<Score> cls) {
        for (Score s : cls) {
            for (var p : s.params().entrySet()) {
                if (p.getValue().startsWith("weft")) {
                    return p.getKey();
                }
            }
        }
        return null;
    }

    /**
     * For a Weft method, its scenario: "" for {@code weftX}, {@code contended} for
     * {@code contendedWeft}; null for a method that is not Weft's.
     */
    static String weftScenario(String method) {
        if (method.startsWith("weft")) {
            return "";
        }
        int at = method.indexOf("Weft");
        return at > 0 ? method.substring(0, at) : null;
    }

    /** The peer's column name beside a Weft method, or null if it is not that method's peer. */
    static String peerColumn(Score weft, Score peer) {
        if (!peer.params().equals(weft.params()) || weftScenario(peer.method()) != null) {
            return null;
        }
        String scenario = weftScenario(weft.method());
        if (scenario.isEmpty()) {
            return peer.method();
        }
        String m = peer.method();
        if (m.length() <= scenario.length()
                || !m.startsWith(scenario)
                || !Character.isUpperCase(m.charAt(scenario.length()))) {
            return null;
        }
        return Character.toLowerCase(m.charAt(scenario.length())) + m.substring(scenario.length() + 1);
    }

    /** As {@link #peerColumn(Score, Score)}, when a side parameter tells Weft from its peers. */
    static String peerColumn(Score weft, Score peer, String side) {
        String value = peer.params().get(side);
        if (!peer.method().equals(weft.method()) || value.startsWith("weft")) {
            return null;
        }
        Map<String, String> a = new TreeMap<>(weft.params());
        Map<String, String> b = new TreeMap<>(peer.params());
        a.remove(side);
        b.remove(side);
        return a.equals(b) ? value : null;
    }

    static String paramsText(Map<String, String> params, String side) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> {
            if (!k.equals(side)) {
                sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=').append(v);
            }
        });
        return sb.toString();
    }
}
