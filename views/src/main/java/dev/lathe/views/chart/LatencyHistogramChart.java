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

    /** Bins the run's latencies up to the {@link LatencyFence}; the chart says how many slower runs it left out. */
    public void show(long[] samplesNanos) {
        HistogramDataset data = new HistogramDataset();
        ChartStyle.note(chart, "");
        if (samplesNanos.length > 0) {
            double[] sorted = Arrays.stream(samplesNanos).mapToDouble(ns -> ns / 1e6).sorted().toArray();
            double max = sorted[sorted.length - 1];
            double cut = LatencyFence.cut(sorted);
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

    public int series() {
        return chart.getXYPlot().getDataset() == null ? 0 : chart.getXYPlot().getDataset().getSeriesCount();
    }

    public ChartViewer node() {
        return viewer;
    }
}
