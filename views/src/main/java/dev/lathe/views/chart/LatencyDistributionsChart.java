package dev.lathe.views.chart;

import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;

/**
 * Several runs' latency distributions overlaid on one axis, in the same bins, as the share of each run's samples per
 * bin (runs of different lengths stay comparable), translucent so overlaps show.
 */
public final class LatencyDistributionsChart {
    private static final int BINS = 60;

    /** One run to draw: its legend label, its samples in nanoseconds and its colour. */
    public record Run(String label, long[] samplesNanos, Color color) {
    }

    private final JFreeChart chart;
    private final ChartViewer viewer;

    public LatencyDistributionsChart() {
        chart = ChartFactory.createHistogram("Latency distributions", "ms", "share of runs", new HistogramDataset(),
                PlotOrientation.VERTICAL, true, true, false);
        ChartStyle.apply(chart, "Benchmark the models to compare their latency distributions");
        chart.getXYPlot().setForegroundAlpha(0.55f);
        viewer = new ChartViewer(chart);
        viewer.setId("compare-latency");
    }

    /** Runs without samples are skipped; the bins span every drawn run up to the slowest run's fence. */
    public void show(List<Run> runs) {
        HistogramDataset data = new HistogramDataset();
        data.setType(HistogramType.RELATIVE_FREQUENCY);
        List<double[]> sorted = runs.stream().filter(r -> r.samplesNanos().length > 0)
                .map(r -> Arrays.stream(r.samplesNanos()).mapToDouble(ns -> ns / 1e6).sorted().toArray()).toList();
        List<Run> drawn = runs.stream().filter(r -> r.samplesNanos().length > 0).toList();
        int left = 0;
        if (!sorted.isEmpty()) {
            double min = sorted.stream().mapToDouble(s -> s[0]).min().orElseThrow();
            double cut = sorted.stream().mapToDouble(LatencyFence::cut).max().orElseThrow();
            double pad = cut > min ? 0 : Math.max(1e-3, min * 0.01);
            for (int i = 0; i < drawn.size(); i++) {
                double[] ms = Arrays.stream(sorted.get(i)).filter(v -> v <= cut).toArray();
                left += sorted.get(i).length - ms.length;
                data.addSeries(drawn.get(i).label(), ms, BINS, min - pad, cut + pad);
            }
        }
        chart.getXYPlot().setDataset(data);
        style(drawn);
        ChartStyle.note(chart, left == 0 ? "" : left + " slower runs not drawn");
        LegendTitle legend = new LegendTitle(chart.getXYPlot());
        legend.setPosition(RectangleEdge.BOTTOM);
        chart.addLegend(legend);
    }

    private void style(List<Run> drawn) {
        XYBarRenderer renderer = (XYBarRenderer) chart.getXYPlot().getRenderer();
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        for (int i = 0; i < drawn.size(); i++) {
            renderer.setSeriesPaint(i, drawn.get(i).color());
        }
    }

    /** The chart itself, for a caller that changes several charts at once with notifications held. */
    public JFreeChart chart() {
        return chart;
    }

    public int series() {
        return chart.getXYPlot().getDataset() == null ? 0 : chart.getXYPlot().getDataset().getSeriesCount();
    }

    public ChartViewer node() {
        return viewer;
    }
}
