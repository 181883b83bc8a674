package dev.lathe.views.wall;

import dev.lathe.views.chart.ChartStyle;
import java.awt.BasicStroke;
import java.awt.Color;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultIntervalXYDataset;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * A device panel's two charts, in the device's colour: the latest runs' latencies over time and the run's latency
 * distribution. Each frame replaces their data in one go (a few hundred points at most), so a redraw costs the same
 * at 10 or 10 000 samples a second.
 */
final class WallCharts {
    private final JFreeChart timeline;
    private final JFreeChart histogram;
    private final ChartViewer timelineNode;
    private final ChartViewer histogramNode;
    private final Color colour;

    WallCharts(Color colour, String idSuffix) {
        this.colour = colour;
        timeline = ChartFactory.createXYLineChart(null, "run", "ms", new DefaultXYDataset(),
                PlotOrientation.VERTICAL, false, false, false);
        ChartStyle.apply(timeline, "Latencies appear here as they stream in");
        timeline.getXYPlot().getRangeAxis().setAutoRange(true);
        ((org.jfree.chart.axis.NumberAxis) timeline.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        histogram = ChartFactory.createXYBarChart(null, "ms", false, "runs", new DefaultIntervalXYDataset(),
                PlotOrientation.VERTICAL, false, false, false);
        ChartStyle.apply(histogram, "No samples yet");
        timelineNode = new ChartViewer(timeline);
        timelineNode.setId("wall-timeline-" + idSuffix);
        histogramNode = new ChartViewer(histogram);
        histogramNode.setId("wall-histogram-" + idSuffix);
        style();
    }

    private void style() {
        XYLineAndShapeRenderer line = (XYLineAndShapeRenderer) timeline.getXYPlot().getRenderer();
        line.setSeriesPaint(0, colour);
        line.setSeriesStroke(0, new BasicStroke(1.3f));
        line.setDefaultShapesVisible(false);
        XYBarRenderer bars = (XYBarRenderer) histogram.getXYPlot().getRenderer();
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        bars.setMargin(0.08);
        bars.setSeriesPaint(0, new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 170));
    }

    void show(PanelFrame f) {
        DefaultXYDataset points = new DefaultXYDataset();
        if (f.runs().length > 0) {
            points.addSeries("latency", new double[][] {f.runs(), f.latenciesMs()});
        }
        timeline.getXYPlot().setDataset(points);
        DefaultIntervalXYDataset bins = new DefaultIntervalXYDataset();
        int n = f.bins().length;
        if (n > 0) {
            double[][] data = new double[6][n];
            for (int i = 0; i < n; i++) {
                double start = f.binFromMs() + i * f.binWidthMs();
                data[0][i] = start + f.binWidthMs() / 2;
                data[1][i] = start;
                data[2][i] = start + f.binWidthMs();
                data[3][i] = f.bins()[i];
                data[4][i] = 0;
                data[5][i] = f.bins()[i];
            }
            bins.addSeries("runs", data);
        }
        histogram.getXYPlot().setDataset(bins);
    }

    ChartViewer timeline() {
        return timelineNode;
    }

    ChartViewer histogram() {
        return histogramNode;
    }
}
