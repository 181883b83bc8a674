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

    /** @param p99Ms the run's p99; runs far above it are left out of the bins, and the chart says how many */
    public void show(long[] samplesNanos, double p99Ms) {
        HistogramDataset data = new HistogramDataset();
        ChartStyle.note(chart, "");
        if (samplesNanos.length > 0) {
            double[] all = Arrays.stream(samplesNanos).mapToDouble(ns -> ns / 1e6).toArray();
            double max = Arrays.stream(all).max().orElse(0);
            // A few stalls (GC, scheduler) would squeeze every typical run into the first bin.
            double cut = max > 2 * p99Ms ? p99Ms : max;
            double[] ms = Arrays.stream(all).filter(v -> v <= cut).toArray();
            double min = Arrays.stream(ms).min().orElse(0);
            // Equal samples would give bins of width zero.
            double pad = cut > min ? 0 : Math.max(1e-3, min * 0.01);
            data.addSeries("latency", ms, Math.min(BINS, Math.max(5, ms.length / 4)), min - pad, cut + pad);
            if (ms.length < all.length) {
                ChartStyle.note(chart, (all.length - ms.length) + " runs above p99 (" + Formats.millis(p99Ms)
                        + ") not drawn; slowest " + Formats.millis(max));
            }
        }
        chart.getXYPlot().setDataset(data);
        style();
    }

    public int series() {
        return chart.getXYPlot().getDataset() == null ? 0 : chart.getXYPlot().getDataset().getSeriesCount();
    }

    public ChartViewer node() {
        return viewer;
    }
}
