// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.weft.bench.report.Results.Comparison;
import dev.weft.bench.report.Results.Score;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {

    static List<Score> scores;
    static List<Comparison> comparisons;

    @BeforeAll
    static void readFixture() throws Exception {
        try (Reader r = new InputStreamReader(
                ResultsTest.class.getResourceAsStream("/jmh-fixture.json"), StandardCharsets.UTF_8)) {
            scores = Results.parse(r);
        }
        comparisons = Results.compare(scores);
    }

    static List<Comparison> of(String cls) {
        return comparisons.stream().filter(c -> c.benchmarkClass().equals(cls)).toList();
    }

    @Nested
    class Median {
        @Test
        void median_oddCount_middleValue() {
            assertThat(Results.median(new double[] {3, 1, 2})).isEqualTo(2);
        }

        @Test
        void median_evenCount_meanOfMiddleTwo() {
            assertThat(Results.median(new double[] {100, 1, 3, 2})).isEqualTo(2.5);
        }

        @Test
        void median_empty_throws() {
            assertThatThrownBy(() -> Results.median(new double[0])).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void parse_rawData_medianOfEveryForksIterations_notJmhsMean() {
            Score weft = scores.getFirst();
            assertThat(weft.method()).isEqualTo("weftTaskGroup");
            assertThat(weft.median()).isEqualTo(2.5);
            assertThat(weft.params()).isEqualTo(Map.of("tasks", "1000"));
            assertThat(weft.benchmarkClass()).isEqualTo("ForkJoinBenchmark");
            assertThat(weft.unit()).isEqualTo("us/op");
        }

        @Test
        void parse_noRawData_usesFiftiethPercentile() {
            assertThat(scores)
                    .filteredOn(s -> s.method().equals("weftCall"))
                    .singleElement()
                    .extracting(Score::median)
                    .isEqualTo(3.0);
        }
    }

    @Nested
    class Ratio {
        @Test
        void ratio_timeModes_weftOverPeer() {
            assertThat(Results.ratio("avgt", 1, 4)).isEqualTo(0.25);
            assertThat(Results.ratio("ss", 1, 4)).isEqualTo(0.25);
            assertThat(Results.ratio("sample", 1, 4)).isEqualTo(0.25);
        }

        @Test
        void ratio_throughput_peerOverWeft() {
            assertThat(Results.ratio("thrpt", 200, 100)).isEqualTo(0.5);
        }

        @Test
        void ratio_unknownMode_throws() {
            assertThatThrownBy(() -> Results.ratio("all", 1, 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Pairing {
        @Test
        void compare_weftPrefixedMethod_everyOtherMethodAtSameParamsIsAPeer() {
            assertThat(of("ForkJoinBenchmark"))
                    .extracting(Comparison::weft, Comparison::peerColumn, Comparison::params)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("weftTaskGroup", "rawVirtualThreads", "tasks=1000"),
                            org.assertj.core.groups.Tuple.tuple("weftTaskGroup", "structuredTaskScope", "tasks=1000"));
            assertThat(of("ForkJoinBenchmark").getFirst().ratio()).isCloseTo(1.25, within(1e-9));
        }

        @Test
        void compare_scenarioWeftMethod_peersAreThatScenariosMethods() {
            assertThat(of("SemaphoreBenchmark"))
                    .extracting(Comparison::weft, Comparison::peerColumn, Comparison::ratio)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("uncontendedWeft", "jucFair", 0.5),
                            org.assertj.core.groups.Tuple.tuple("contendedWeft", "jucFair", 0.5),
                            org.assertj.core.groups.Tuple.tuple("contendedWeft", "jucUnfair", 2.0));
        }

        @Test
        void compare_sideParam_peersAreOtherValuesAtSameOtherParams() {
            assertThat(of("QueueBenchmark"))
                    .extracting(Comparison::weft, Comparison::peerColumn, Comparison::params, Comparison::ratio)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    "transfer(impl=weft)", "jox", "capacity=1024, pairs=1", 0.5),
                            org.assertj.core.groups.Tuple.tuple(
                                    "transfer(impl=weft)", "jox", "capacity=1024, pairs=4", 0.8));
        }

        @Test
        void compare_throughputAndSample_ratioBelowOneWhenWeftFaster() {
            assertThat(of("ThroughputBenchmark"))
                    .singleElement()
                    .extracting(Comparison::ratio)
                    .isEqualTo(0.5);
            assertThat(of("SampleBenchmark"))
                    .singleElement()
                    .extracting(Comparison::ratio)
                    .isEqualTo(0.5);
        }

        @Test
        void compare_classWithoutWeftFigure_noComparisons() {
            assertThat(of("LonelyBenchmark")).isEmpty();
        }
    }

    /** {@code jmh-forks-fixture.json}: hand-written JMH output with 2 and 3 forks per entry. */
    @Nested
    class SpreadOverForks {
        List<Score> forkScores;
        List<Comparison> forkComparisons;

        @BeforeEach
        void readForksFixture() throws Exception {
            try (Reader r = new InputStreamReader(
                    ResultsTest.class.getResourceAsStream("/jmh-forks-fixture.json"), StandardCharsets.UTF_8)) {
                forkScores = Results.parse(r);
            }
            forkComparisons = Results.compare(forkScores);
        }

        Comparison pair(String peerColumn) {
            return forkComparisons.stream()
                    .filter(c -> c.peerColumn().equals(peerColumn))
                    .findFirst()
                    .orElseThrow();
        }

        @Test
        void parse_rawData_medianOfEachFork() {
            assertThat(forkScores.getFirst().forkMedians()).containsExactly(11, 21, 30);
            // The score stays the median of every fork's iterations together.
            assertThat(forkScores.getFirst().median()).isEqualTo(20.5);
        }

        @Test
        void compare_threeForks_medianOfPerForkRatios_withMinAndMax() {
            // Weft's fork medians 11, 21, 30 over the peer's 20, 20, 15: 0.55, 1.05, 2.00.
            Comparison fair = pair("fairReentrantLock");
            assertThat(fair.forks()).isEqualTo(3);
            assertThat(fair.ratio()).isCloseTo(1.05, within(1e-9));
            assertThat(fair.ratioMin()).isCloseTo(0.55, within(1e-9));
            assertThat(fair.ratioMax()).isCloseTo(2.0, within(1e-9));
            // Not the ratio of the two scores (20.5 / 20 = 1.025).
            assertThat(fair.weftScore() / fair.peerScore()).isCloseTo(1.025, within(1e-9));
        }

        @Test
        void compare_peerWithFewerForks_pairsTheForkIndicesBothHave() {
            // Weft's first two forks (11, 21) over the peer's (10, 10): 1.1 and 2.1.
            Comparison kotlin = pair("kotlinMutex");
            assertThat(kotlin.forks()).isEqualTo(2);
            assertThat(kotlin.ratio()).isCloseTo(1.6, within(1e-9));
            assertThat(kotlin.ratioMin()).isCloseTo(1.1, within(1e-9));
            assertThat(kotlin.ratioMax()).isCloseTo(2.1, within(1e-9));
        }

        @Test
        void compare_throughputForks_peerOverWeftInEachFork() {
            // Weft 100, 200 ops/s against the peer's 50, 200: 0.5 and 1.0.
            Comparison jdk = pair("jdkOps");
            assertThat(jdk.forks()).isEqualTo(2);
            assertThat(jdk.ratio()).isCloseTo(0.75, within(1e-9));
            assertThat(jdk.ratioMin()).isCloseTo(0.5, within(1e-9));
            assertThat(jdk.ratioMax()).isCloseTo(1.0, within(1e-9));
        }

        @Test
        void compare_oneForkOnEitherSide_oneForkNoSpread() {
            // ForkJoin in the main fixture: Weft has one fork, rawVirtualThreads two.
            Comparison raw = of("ForkJoinBenchmark").getFirst();
            assertThat(raw.forks()).isEqualTo(1);
            assertThat(raw.ratioMin()).isEqualTo(raw.ratio());
            assertThat(raw.ratioMax()).isEqualTo(raw.ratio());
        }

        @Test
        void compare_noRawData_ratioOfScores_zeroForks() {
            Comparison sample = of("SampleBenchmark").getFirst();
            assertThat(sample.forks()).isZero();
            assertThat(sample.ratio()).isEqualTo(0.5);
        }

        @Test
        void markdown_severalForks_cellShowsMedianRatioAndSpread() {
            String md = Report.markdown(Map.of(), forkScores, forkComparisons, List.of());
            assertThat(md)
                    .contains("| Params | Weft figure | Score | fairReentrantLock | kotlinMutex |")
                    .contains("| threads=8 | weftLock | 20.5 ns/op | 20.0 (1.05×; 0.55–2.00, 3 forks) "
                            + "| 10.0 (1.60×; 1.10–2.10, 2 forks) |")
                    .contains("|  | weftOps | 150 ops/s | 125 (0.75×; 0.50–1.00, 2 forks) |");
        }
    }

    @Nested
    class Rounds {

        /** One round's JSON: weftLock and fairReentrantLock, one fork each, at threads=8. */
        private JsonArray round(double weft, double fair) {
            return JsonParser.parseString("""
                    [{"benchmark":"dev.weft.bench.LockBenchmark.weftLock","mode":"avgt","params":{"threads":"8"},
                      "primaryMetric":{"scoreUnit":"ns/op","rawData":[[%s,%s,%s]]}},
                     {"benchmark":"dev.weft.bench.LockBenchmark.fairReentrantLock","mode":"avgt",
                      "params":{"threads":"8"},"primaryMetric":{"scoreUnit":"ns/op","rawData":[[%s]]}}]
                    """.formatted(weft, weft, weft, fair)).getAsJsonArray();
        }

        @Test
        void mergeRounds_eachEntrysForksAreItsRounds_inOrder_andPairWithinARound() {
            JsonArray merged = Results.mergeRounds(List.of(round(10, 20), round(40, 20), round(30, 10)));

            List<Score> s = Results.parse(merged);
            assertThat(s).hasSize(2);
            assertThat(s.get(1).method()).isEqualTo("weftLock"); // JMH's order: by name
            assertThat(s.get(1).forkMedians()).containsExactly(10, 40, 30);
            assertThat(s.get(0).forkMedians()).containsExactly(20, 20, 10);
            Comparison c = Results.compare(s).get(0);
            assertThat(c.forks()).isEqualTo(3);
            assertThat(c.ratio()).isCloseTo(2.0, within(1e-9)); // 0.5, 2.0, 3.0: round by round
            assertThat(c.ratioMin()).isCloseTo(0.5, within(1e-9));
            assertThat(c.ratioMax()).isCloseTo(3.0, within(1e-9));
        }

        @Test
        void mergeRounds_shuffledRounds_comeOutInJmhOrder_numbersAsNumbers() {
            JsonArray r1 = JsonParser.parseString("""
                    [{"benchmark":"dev.weft.bench.X.weftB","mode":"avgt","params":{"tasks":"100000"},
                      "primaryMetric":{"scoreUnit":"ns/op","rawData":[[1]]}},
                     {"benchmark":"dev.weft.bench.X.weftB","mode":"avgt","params":{"tasks":"1000"},
                      "primaryMetric":{"scoreUnit":"ns/op","rawData":[[2]]}},
                     {"benchmark":"dev.weft.bench.X.peerA","mode":"avgt","params":{"tasks":"100000"},
                      "primaryMetric":{"scoreUnit":"ns/op","rawData":[[3]]}}]
                    """).getAsJsonArray();
            JsonArray r2 = new JsonArray();
            for (int i = r1.size() - 1; i >= 0; i--) {
                r2.add(r1.get(i).deepCopy()); // the other order
            }

            List<Score> s = Results.parse(Results.mergeRounds(List.of(r1, r2)));

            assertThat(s)
                    .extracting(x -> x.method() + " " + x.params().get("tasks"))
                    .containsExactly("peerA 100000", "weftB 1000", "weftB 100000");
            assertThat(s.get(1).forkMedians()).containsExactly(2, 2);
        }

        @Test
        void mergeRounds_entryOnlyInSomeRounds_keepsTheForksItHas() {
            JsonArray second = round(40, 20);
            second.remove(1); // no fairReentrantLock in round 2
            List<Score> s = Results.parse(Results.mergeRounds(List.of(round(10, 20), second)));
            assertThat(s.get(1).forkMedians()).containsExactly(10, 40); // weftLock
            assertThat(s.get(0).forkMedians()).containsExactly(20); // fairReentrantLock
        }

        @Test
        void readRound_directory_isItsJsonFilesTogether_inNameOrder(@TempDir Path dir) throws Exception {
            JsonArray both = round(10, 20);
            Files.writeString(dir.resolve("02-fair.json"), "[" + both.get(1) + "]");
            Files.writeString(dir.resolve("01-weft.json"), "[" + both.get(0) + "]");
            Files.writeString(dir.resolve("order.txt"), "not JSON, not read");

            JsonArray round = Report.readRound(dir);

            assertThat(round).containsExactly(both.get(0), both.get(1));
            assertThat(Report.readRound(dir.resolve("01-weft.json"))).containsExactly(both.get(0));
        }

        @Test
        void readRound_directoryWithoutJson_isRefused(@TempDir Path dir) {
            assertThatThrownBy(() -> Report.readRound(dir))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no *.json");
        }

        @Test
        void mergeRounds_entryWithoutRawData_isRefused() {
            JsonArray noRaw = JsonParser.parseString("""
                    [{"benchmark":"dev.weft.bench.X.weftY","mode":"sample","primaryMetric":{"scoreUnit":"ns/op"}}]
                    """).getAsJsonArray();
            assertThatThrownBy(() -> Results.mergeRounds(List.of(noRaw, noRaw)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no rawData");
        }
    }

    @Test
    void markdown_tablePerClass_peerScoreAndRatioInEachCell() {
        String md = Report.markdown(
                Map.of("title", "test", "command", "benchmarks/run quick"),
                scores,
                comparisons,
                List.of(
                        new Report.HeapRow("weftTaskGroup", 100, 1300, "1300"),
                        new Report.HeapRow("rawVirtualThreads", 100, 1000, "990 1000 1010")));
        assertThat(md)
                .contains("## ForkJoinBenchmark")
                .contains("| Params | Weft figure | Score | rawVirtualThreads | structuredTaskScope |")
                .contains("| tasks=1000 | weftTaskGroup | 2.50 us/op | 2.00 (1.25×) | 5.00 (0.50×) |")
                .contains("Measured, but with no Weft figure to compare: LonelyBenchmark.")
                .contains("| rawVirtualThreads | 100 | 1000 | 1.30× | 990 1000 1010 |")
                .contains("`benchmarks/run quick`");
    }
}
