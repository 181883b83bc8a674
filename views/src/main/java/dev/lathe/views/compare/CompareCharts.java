package dev.lathe.views.compare;

import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.views.chart.ChartStyle;
import dev.lathe.views.chart.LatencyDistributionsChart;
import dev.lathe.views.common.Formats;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Accuracy against latency (a point's area follows its file size), file sizes and the latency distributions overlaid,
 * for the rows ticked.
 */
final class CompareCharts {
    private static final double MAX_DIAMETER = 36;
    private static final double MIN_DIAMETER = 8;

    private final XYSeriesCollection points = new XYSeriesCollection();
    private final DefaultCategoryDataset sizes = new DefaultCategoryDataset();
    private final List<Double> diameters = new ArrayList<>();
    private final List<Color> colors = new ArrayList<>();
    private final JFreeChart scatter;
    private final JFreeChart bars;
    private final ChartViewer scatterViewer;
    private final ChartViewer sizeViewer;
    private final LatencyDistributionsChart latency = new LatencyDistributionsChart();

    CompareCharts() {
        scatter = ChartFactory.createScatterPlot("Accuracy vs latency", "p50 latency (ms)", "top-1 (%)", points,
                PlotOrientation.VERTICAL, true, true, false);
        ChartStyle.apply(scatter, "Evaluate and benchmark the models to place them here");
        scatter.getXYPlot().setRenderer(new XYLineAndShapeRenderer(false, true));
        // Latency from zero keeps speedups visible as distances; a lone point still gets readable ticks.
        NumberAxis latency = (NumberAxis) scatter.getXYPlot().getDomainAxis();
        latency.setAutoRangeIncludesZero(true);
        latency.setNumberFormatOverride(new DecimalFormat("0.###"));
        NumberAxis top1 = (NumberAxis) scatter.getXYPlot().getRangeAxis();
        top1.setAutoRangeMinimumSize(2);
        top1.setNumberFormatOverride(new DecimalFormat("0.#"));
        scatterViewer = new ChartViewer(scatter);
        scatterViewer.setId("compare-scatter");
        bars = ChartFactory.createBarChart("File size", null, null, sizes, PlotOrientation.HORIZONTAL,
                false, true, false);
        ChartStyle.apply(bars, "No models to compare");
        // One unit along the axis, written as the screen writes sizes: "0.452 MiB" beside "1.71 MiB".
        NumberAxis mib = (NumberAxis) bars.getCategoryPlot().getRangeAxis();
        mib.setStandardTickUnits(mibTicks());
        BarRenderer renderer = (BarRenderer) bars.getCategoryPlot().getRenderer();
        renderer.setDefaultToolTipGenerator((data, row, column) -> data.getColumnKey(column) + ": "
                + Formats.mebibytes(data.getValue(row, column).doubleValue()));
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, ChartStyle.ACCENT);
        renderer.setMaximumBarWidth(0.2);
        sizeViewer = new ChartViewer(bars);
        sizeViewer.setId("compare-sizes");
    }

    /** Draws {@code rows} with their latencies on {@code device} (none: no latencies to draw). */
    void show(List<CompareRow> rows, Optional<CompareDevice> device) {
        // Every series, paint and legend change would redraw a chart on the FX thread: one redraw each, at the end.
        List<JFreeChart> all = List.of(scatter, bars, latency.chart());
        all.forEach(c -> c.setNotify(false));
        try {
            draw(rows, device);
        } finally {
            all.forEach(c -> c.setNotify(true));
        }
    }

    private void draw(List<CompareRow> rows, Optional<CompareDevice> device) {
        String on = device.map(CompareDevice::id).orElse("");
        scatter.getXYPlot().getDomainAxis().setLabel("p50 latency (ms)" + device.map(d -> " on " + d.name()).orElse(""));
        points.removeAllSeries();
        diameters.clear();
        colors.clear();
        sizes.clear();
        long largest = rows.stream().mapToLong(r -> r.model().fileBytes()).max().orElse(1);
        int unmeasured = 0;
        for (int i = 0; i < rows.size(); i++) {
            CompareRow r = rows.get(i);
            sizes.addValue(r.model().fileBytes() / (1024.0 * 1024.0), "size", r.model().name());
            // Accuracy from the same device as the latency where it was evaluated there.
            Optional<Double> top1 = r.top1(on).or(r::top1);
            if (top1.isEmpty() || r.p50Ms(on).isEmpty()) {
                unmeasured++;
                continue;
            }
            XYSeries s = new XYSeries(r.model().name() + " (" + r.model().shortHash() + ")");
            s.add(r.p50Ms(on).get().doubleValue(), top1.get() * 100);
            points.addSeries(s);
            diameters.add(Math.max(MIN_DIAMETER, MAX_DIAMETER * Math.sqrt((double) r.model().fileBytes() / largest)));
            colors.add(ChartStyle.series(i));
        }
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) scatter.getXYPlot().getRenderer();
        for (int i = 0; i < colors.size(); i++) {
            renderer.setSeriesPaint(i, colors.get(i));
            // A series shape rather than an item shape, so the legend draws the circle the plot does, at its size.
            double d = diameters.get(i);
            renderer.setSeriesShape(i, new Ellipse2D.Double(-d / 2, -d / 2, d, d));
        }
        latency.show(latencyRuns(rows, on));
        ChartStyle.note(scatter, unmeasured == 0 ? ""
                : unmeasured + " of " + rows.size() + " not drawn: not evaluated or not benchmarked"
                        + device.map(d -> " on " + d.name()).orElse(""));
        // The legend names the points; the style's note clears it with the other subtitles.
        LegendTitle legend = new LegendTitle(scatter.getXYPlot());
        legend.setPosition(RectangleEdge.BOTTOM);
        scatter.addLegend(legend);
    }

    /**
     * Each row's latest complete run on the device; the batch and threads join the label only when the runs differ
     * in them.
     */
    private static List<LatencyDistributionsChart.Run> latencyRuns(List<CompareRow> rows, String device) {
        boolean mixed = rows.stream().flatMap(r -> r.benchmark(device).stream()).map(CompareCharts::config).distinct()
                .count() > 1;
        List<LatencyDistributionsChart.Run> runs = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            CompareRow r = rows.get(i);
            Optional<StoredBenchmark> run = r.benchmark(device);
            if (run.isPresent()) {
                runs.add(new LatencyDistributionsChart.Run(r.model().name() + (mixed ? " (" + config(run.get()) + ")" : ""),
                        run.get().result().samplesNanos(), ChartStyle.series(i)));
            }
        }
        return runs;
    }

    private static String config(StoredBenchmark run) {
        BenchConfig c = run.result().config();
        return "batch " + c.batch() + ", " + c.threads() + (c.threads() == 1 ? " thread" : " threads");
    }

    int scatterPoints() {
        return points.getSeriesCount();
    }

    ChartViewer scatterNode() {
        return scatterViewer;
    }

    ChartViewer sizeNode() {
        return sizeViewer;
    }

    ChartViewer latencyNode() {
        return latency.node();
    }

    int latencySeries() {
        return latency.series();
    }

    /** Steps from 1 KiB to 10 GiB, each tick written with the decimals its step needs. */
    private static TickUnits mibTicks() {
        TickUnits units = new TickUnits();
        for (double decade = 0.001; decade <= 1000; decade *= 10) {
            for (double times : new double[] {1, 2, 2.5, 5}) {
                double step = decade * times;
                units.add(new NumberTickUnit(step, new MibFormat(step)));
            }
        }
        return units;
    }

    /** Tick labels in MiB, written by the screen's one byte formatter. */
    private static final class MibFormat extends NumberFormat {
        private final double step;

        MibFormat(double step) {
            this.step = step;
        }

        @Override
        public StringBuffer format(double mib, StringBuffer to, FieldPosition at) {
            return to.append(Formats.mebibytes(mib, step));
        }

        @Override
        public StringBuffer format(long mib, StringBuffer to, FieldPosition at) {
            return format((double) mib, to, at);
        }

        @Override
        public Number parse(String text, ParsePosition at) {
            throw new UnsupportedOperationException("tick labels are only written");
        }
    }
}
