package dev.lathe.views.chart;

import dev.lathe.views.common.Formats;
import java.util.Arrays;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.statistics.HistogramDataset;

/** How the latencies of one run are spread. */
public final class LatencyHistogramChart {
    private static final int BINS = 40;

    private final JFreeChart chart;
    private final ChartViewer viewer;

    public LatencyHistogramChart() {
        chart = ChartFactory.createHistogram("Latency distribution", "ms", "runs", new HistogramDataset(),
                PlotOrientation.VERTICAL, false, true, false);
        ChartStyle.apply(chart, "No benchmark run yet");
        viewer = new ChartViewer(chart);
        viewer.setId("latency-histogram");
        style();
    }

    private void style() {
        XYBarRenderer renderer = (XYBarRenderer) chart.getXYPlot().getRenderer();
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setMargin(0.08);
        renderer.setSeriesPaint(0, ChartStyle.ACCENT_SOFT);
    }

    /**
     * Bins the run's latencies. A few stalls (GC, the scheduler) would squeeze every typical run into the first bin,
     * so runs beyond a far fence (Q3 + 3 IQR, but never below p90) are left out, and the chart says how many.
     */
    public void show(long[] samplesNanos) {
        HistogramDataset data = new HistogramDataset();
        ChartStyle.note(chart, "");
        if (samplesNanos.length > 0) {
            double[] sorted = Arrays.stream(samplesNanos).mapToDouble(ns -> ns / 1e6).sorted().toArray();
            double max = sorted[sorted.length - 1];
            double cut = Math.min(max, Math.max(fence(sorted), rank(sorted, 0.90)));
            double[] ms = Arrays.stream(sorted).filter(v -> v <= cut).toArray();
            double min = ms[0];
            // Equal samples would give bins of width zero.
            double pad = cut > min ? 0 : Math.max(1e-3, min * 0.01);
            data.addSeries("latency", ms, Math.min(BINS, Math.max(5, ms.length / 4)), min - pad, cut + pad);
            if (ms.length < sorted.length) {
                ChartStyle.note(chart, (sorted.length - ms.length) + " slower runs not drawn (above "
                        + Formats.millis(cut) + "; slowest " + Formats.millis(max) + ")");
            }
        }
        chart.getXYPlot().setDataset(data);
        style();
    }

    private static double fence(double[] sorted) {
        double q1 = rank(sorted, 0.25);
        double q3 = rank(sorted, 0.75);
        return q3 + 3 * (q3 - q1);
    }

    private static double rank(double[] sorted, double p) {
        return sorted[(int) Math.floor(p * (sorted.length - 1))];
    }

    public int series() {
        return chart.getXYPlot().getDataset() == null ? 0 : chart.getXYPlot().getDataset().getSeriesCount();
    }

    public ChartViewer node() {
        return viewer;
    }
}
