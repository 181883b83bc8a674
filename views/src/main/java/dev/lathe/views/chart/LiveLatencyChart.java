package dev.lathe.views.chart;

import java.awt.BasicStroke;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Latency of each counted run, in order. Long runs would make the chart redraw millions of points, so above
 * {@link #MAX_POINTS} only every n-th run is drawn, and the chart says so.
 */
public final class LiveLatencyChart {
    // Software rendering on a small CPU competes with the benchmark itself: keep each redraw cheap.
    static final int MAX_POINTS = 1500;

    private final XYSeries series = new XYSeries("latency", false, true);
    private final JFreeChart chart;
    private final ChartViewer viewer;
    private long[] nanos = new long[1024];
    private int count;
    private int stride = 1;

    public LiveLatencyChart() {
        chart = ChartFactory.createXYLineChart("Latency per run", "run", "ms", new XYSeriesCollection(series),
                PlotOrientation.VERTICAL, false, true, false);
        ChartStyle.apply(chart, "Run a benchmark to see each run's latency here");
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        renderer.setSeriesPaint(0, ChartStyle.ACCENT);
        renderer.setSeriesStroke(0, new BasicStroke(1.2f));
        viewer = new ChartViewer(chart);
        viewer.setId("latency-live");
    }

    public void clear() {
        count = 0;
        stride = 1;
        series.clear();
        ChartStyle.note(chart, "");
    }

    /** Appends newly measured latencies and redraws once. */
    public void append(List<Long> latest) {
        if (latest.isEmpty()) {
            return;
        }
        for (long ns : latest) {
            if (count == nanos.length) {
                nanos = Arrays.copyOf(nanos, nanos.length * 2);
            }
            nanos[count] = ns;
            if (count % stride == 0) {
                series.add(count + 1, ns / 1e6, false);
            }
            count++;
        }
        if (series.getItemCount() > MAX_POINTS) {
            thin();
        }
        series.fireSeriesChanged();
    }

    /** Replaces what is drawn by a whole stored run. */
    public void showAll(long[] samples) {
        clear();
        append(Arrays.stream(samples).boxed().toList());
    }

    private void thin() {
        while (count / stride > MAX_POINTS) {
            stride *= 2;
        }
        series.clear();
        for (int i = 0; i < count; i += stride) {
            series.add(i + 1, nanos[i] / 1e6, false);
        }
        ChartStyle.note(chart, "every " + stride + (stride == 2 ? "nd" : "th") + " run drawn");
    }

    public int points() {
        return series.getItemCount();
    }

    public ChartViewer node() {
        return viewer;
    }
}
