package dev.lathe.views.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Loss (left axis) and accuracy (right axis) of a training run against epochs. Two axes because loss and accuracy
 * have unrelated scales; each axis takes its curve's colour so no legend is needed. A run that trains several times
 * (a prune's cuts, a recipe's steps) gets a labelled mark where each training begins ("prune cut 1/3", "cut 2/3",
 * "step 2: finetune"). Points arrive in batches from a drain a few times a second, and each {@link #append} redraws
 * once.
 */
public final class TrainingCurveChart {
    private static final Color ACCURACY = ChartStyle.series(2);
    private static final Font MARK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private final XYSeries loss = new XYSeries("loss", true, true);
    private final XYSeries accuracy = new XYSeries("accuracy", true, true);
    private final JFreeChart chart;
    private final NumberAxis epochs;
    private final ChartViewer viewer;
    private final List<ValueMarker> marks = new ArrayList<>();
    private String phase = "";

    public TrainingCurveChart() {
        chart = ChartFactory.createXYLineChart(null, "epoch", "loss", new XYSeriesCollection(loss),
                PlotOrientation.VERTICAL, false, true, false);
        ChartStyle.apply(chart, "Loss and accuracy appear here as a finetune, prune or distill step trains");
        XYPlot plot = chart.getXYPlot();
        style(plot, 0, ChartStyle.ACCENT);
        epochs = (NumberAxis) plot.getDomainAxis();
        epochs.setRange(0, 1);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        // Headroom above both curves for the marks' labels: accuracy near 1 would run through them.
        plot.getRangeAxis().setUpperMargin(0.2);
        NumberAxis right = new NumberAxis("accuracy");
        right.setRange(0, 1.15);
        ChartStyle.axis(right);
        right.setLabelPaint(ACCURACY);
        plot.setRangeAxis(1, right);
        plot.setDataset(1, new XYSeriesCollection(accuracy));
        plot.mapDatasetToRangeAxis(1, 1);
        plot.setRenderer(1, new XYLineAndShapeRenderer(true, false));
        style(plot, 1, ACCURACY);
        plot.getRangeAxis().setLabelPaint(ChartStyle.ACCENT);
        viewer = new ChartViewer(chart);
        viewer.setId("training-curve");
    }

    private static void style(XYPlot plot, int dataset, Color color) {
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer(dataset);
        renderer.setSeriesPaint(0, color);
        renderer.setSeriesStroke(0, new BasicStroke(1.6f));
    }

    public void clear() {
        chart.setNotify(false);
        loss.clear();
        accuracy.clear();
        marks.forEach(m -> chart.getXYPlot().removeDomainMarker(m));
        marks.clear();
        phase = "";
        epochs.setRange(0, 1);
        chart.setNotify(true);
    }

    /** Adds newly measured points and redraws once. */
    public void append(List<TrainingPoint> latest) {
        if (latest.isEmpty()) {
            return;
        }
        chart.setNotify(false);  // the axis and both series change: draw once, at the end
        for (TrainingPoint p : latest) {
            if (!p.phase().equals(phase)) {
                phase = p.phase();
                if (!phase.isEmpty()) {
                    // Every training is whole epochs long, so the one this point opens began at the epoch before it.
                    mark(Math.ceil(p.epoch()) - 1, phase);
                }
            }
            loss.add(p.epoch(), p.loss(), false);
            accuracy.add(p.epoch(), p.accuracy(), false);
        }
        // Whole epochs on the axis, so the curve grows towards the end of the epoch it is in rather than rescaling.
        epochs.setRange(0, Math.max(1, Math.ceil(loss.getMaxX())));
        loss.fireSeriesChanged();
        accuracy.fireSeriesChanged();
        chart.setNotify(true);
    }

    private void mark(double epoch, String label) {
        ValueMarker m = new ValueMarker(epoch, ChartStyle.MUTED, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[] {3f, 3f}, 0f));
        m.setLabel(label);
        m.setLabelFont(MARK);
        m.setLabelPaint(ChartStyle.MUTED);
        m.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        m.setLabelOffset(new RectangleInsets(2, 2, 2, 2));
        chart.getXYPlot().addDomainMarker(m, Layer.BACKGROUND);
        marks.add(m);
    }

    public int points() {
        return loss.getItemCount();
    }

    /** The labels of the marks drawn, in order; for tests. */
    public List<String> marks() {
        return marks.stream().map(ValueMarker::getLabel).toList();
    }

    public ChartViewer node() {
        return viewer;
    }
}
