// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench.report;

import dev.weft.bench.report.Report.HeapRow;
import dev.weft.bench.report.Results.Comparison;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * A bar chart (XChart) of every Weft / peer ratio: one bar per (Weft figure, peer), on a log
 * scale, growing from a line at 1× (below it Weft is faster), green when Weft is faster, red
 * when it is slower. With two forks or more the bar is the median per-fork ratio and the label
 * ends with the lowest and highest per-fork ratio.
 */
final class RatioChart {

    private RatioChart() {}

    static void write(List<Comparison> comparisons, List<HeapRow> heap, String title, Path png) throws IOException {
        List<String> labels = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (Comparison c : comparisons) {
            String cls = c.benchmarkClass().replace("Benchmark", "");
            labels.add(cls + " " + c.weft() + (c.params().isEmpty() ? "" : " [" + c.params() + "]") + " / "
                    + c.peerColumn() + (c.forks() < 2 ? "" : " (" + Report.spreadText(c) + ")"));
            ratios.add(c.ratio());
        }
        HeapRow weft = heap.stream()
                .filter(h -> h.side().startsWith("weft"))
                .findFirst()
                .orElse(null);
        for (HeapRow h : heap) {
            if (weft != null && h != weft) {
                labels.add("heap/task " + weft.side() + " / " + h.side());
                ratios.add(weft.bytesPerTask() / h.bytesPerTask());
            }
        }
        if (labels.isEmpty()) {
            labels.add("(no comparisons)");
            ratios.add(1.0);
        }

        // Bars are log2(ratio), so they grow from the line at 1× (0 on this axis): down when Weft
        // is faster, up when it is slower, and 2× and 0.5× are the same length. Tick labels are
        // turned back into ratios.
        List<Double> faster = new ArrayList<>();
        List<Double> slower = new ArrayList<>();
        for (double r : ratios) {
            double log2 = Math.log(r) / Math.log(2);
            faster.add(r < 1 ? log2 : 0.0);
            slower.add(r < 1 ? 0.0 : log2);
        }
        int width = Math.max(900, 40 * labels.size() + 200);
        CategoryChart chart = new CategoryChartBuilder()
                .width(width)
                .height(900)
                .title("Weft / peer" + (title.isEmpty() ? "" : " (" + title + ")")
                        + ", log scale: below 1× Weft is faster (or smaller)")
                .xAxisTitle("Weft figure / peer")
                .yAxisTitle("Weft / peer")
                .build();
        var styler = chart.getStyler();
        styler.setOverlapped(true);
        styler.setXAxisLabelRotation(90);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.setCustomYAxisTickLabelsFormatter(v -> String.format(Locale.ROOT, "%.2g×", Math.pow(2, v)));
        chart.addSeries("Weft faster", labels, faster).setFillColor(new Color(0x2e8b57));
        chart.addSeries("Weft slower", labels, slower).setFillColor(new Color(0xc0392b));
        chart.addAnnotation(new AnnotationLine(0.0, false, false));
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
