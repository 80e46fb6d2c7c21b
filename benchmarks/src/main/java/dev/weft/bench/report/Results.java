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
 * not JMH's mean), then pair every Weft figure with every peer measured beside it.
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

    /** One JMH entry: a benchmark method at one set of parameter values, scored by its median. */
    public record Score(
            String benchmarkClass,
            String method,
            Map<String, String> params,
            String mode,
            double median,
            String unit) {}

    /**
     * A Weft figure beside one peer, measured in the same run. {@code ratio} is below 1 when
     * Weft is faster, whatever the mode (see {@link #ratio}).
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
            double ratio) {}

    // ---- reading ----

    /** Parses JMH's {@code -rf json} output. */
    public static List<Score> parse(Reader json) {
        List<Score> scores = new ArrayList<>();
        for (JsonElement e : JsonParser.parseReader(json).getAsJsonArray()) {
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
                    metric.get("scoreUnit").getAsString()));
        }
        return scores;
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
                            ratio(weft.mode(), weft.median(), peer.median())));
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
