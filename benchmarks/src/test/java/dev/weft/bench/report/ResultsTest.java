// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.weft.bench.report.Results.Comparison;
import dev.weft.bench.report.Results.Score;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

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
