package dev.lathe.views.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;

/**
 * One look for every chart, matching the window's theme: its ground, quiet grid, the theme's accent blue. Charts take
 * the palette in use when they are made, and {@link #repaint(JFreeChart)} moves a shown chart to a new one.
 */
public final class ChartStyle {
    public static final Color ACCENT = new Color(0x09, 0x69, 0xda);
    public static final Color ACCENT_SOFT = new Color(0x54, 0xae, 0xff);
    public static final Color TEXT = new Color(0x1f, 0x23, 0x28);
    public static final Color MUTED = new Color(0x65, 0x6d, 0x76);
    /** Series colours in order: a model keeps its colour in every chart of a view. */
    private static final Color[] SERIES = {ACCENT, new Color(0xbf, 0x39, 0x89), new Color(0x1a, 0x7f, 0x37),
            new Color(0xbc, 0x4c, 0x00), new Color(0x82, 0x50, 0xdf), new Color(0x1b, 0x7c, 0x83), MUTED};
    private static volatile ChartPalette palette = ChartPalette.LIGHT;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private ChartStyle() {
    }

    /** The palette charts draw with from now on; the window's theme sets it. */
    public static void use(ChartPalette next) {
        palette = next;
    }

    public static ChartPalette palette() {
        return palette;
    }

    /** @param empty what the chart says while it has nothing to draw */
    public static JFreeChart apply(JFreeChart chart, String empty) {
        ChartPalette p = palette;
        chart.setBackgroundPaint(p.background());
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(6, 6, 6, 10));
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE);
            chart.getTitle().setPaint(p.text());
        }
        if (chart.getLegend() != null) {
            chart.removeLegend();
        }
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(p.background());
        plot.setOutlineVisible(false);
        plot.setNoDataMessage(empty);
        plot.setNoDataMessageFont(LABEL);
        plot.setNoDataMessagePaint(p.muted());
        if (plot instanceof XYPlot xy) {
            grid(xy, p);
            axis(xy.getDomainAxis(), p);
            axis(xy.getRangeAxis(), p);
        } else if (plot instanceof CategoryPlot cat) {
            cat.setRangeGridlinePaint(p.grid());
            cat.setRangeGridlineStroke(new BasicStroke(1f));
            axis(cat.getDomainAxis(), p);
            axis(cat.getRangeAxis(), p);
        }
        return chart;
    }

    /**
     * Moves a chart made under another palette to the one in use: ground, title, notes, grid and axes. An axis
     * label in a series colour (the training chart's right axis) keeps it.
     */
    public static void repaint(JFreeChart chart) {
        ChartPalette p = palette;
        chart.setBackgroundPaint(p.background());
        if (chart.getTitle() != null) {
            chart.getTitle().setPaint(p.text());
        }
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            if (chart.getSubtitle(i) instanceof TextTitle note) {
                note.setPaint(p.muted());
            }
        }
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(p.background());
        plot.setNoDataMessagePaint(p.muted());
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(p.grid());
            xy.setRangeGridlinePaint(p.grid());
            recolour(xy.getDomainAxis(), p);
            for (int i = 0; i < xy.getRangeAxisCount(); i++) {
                recolour(xy.getRangeAxis(i), p);
            }
        } else if (plot instanceof CategoryPlot cat) {
            cat.setRangeGridlinePaint(p.grid());
            recolour(cat.getDomainAxis(), p);
            recolour(cat.getRangeAxis(), p);
        }
    }

    private static void recolour(Axis axis, ChartPalette p) {
        if (axis == null) {
            return;
        }
        boolean muted = ChartPalette.LIGHT.muted().equals(axis.getLabelPaint())
                || ChartPalette.DARK.muted().equals(axis.getLabelPaint());
        Font label = axis.getLabelFont();
        Font tick = axis.getTickLabelFont();
        axis(axis, p);
        axis.setLabelFont(label);
        axis.setTickLabelFont(tick);
        if (!muted) {
            return;
        }
        axis.setLabelPaint(p.muted());
    }

    public static Color series(int index) {
        return SERIES[index % SERIES.length];
    }

    /** A small grey line under the title, for notes such as "every 4th run shown". */
    public static void note(JFreeChart chart, String text) {
        chart.clearSubtitles();
        if (!text.isEmpty()) {
            TextTitle note = new TextTitle(text, TICK);
            note.setPaint(palette.muted());
            chart.addSubtitle(note);
        }
    }

    private static void grid(XYPlot plot, ChartPalette p) {
        plot.setDomainGridlinePaint(p.grid());
        plot.setRangeGridlinePaint(p.grid());
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    }

    static void axis(Axis axis) {
        axis(axis, palette);
    }

    private static void axis(Axis axis, ChartPalette p) {
        axis.setLabelFont(LABEL);
        axis.setLabelPaint(p.muted());
        axis.setTickLabelFont(TICK);
        axis.setTickLabelPaint(p.text());
        axis.setAxisLinePaint(p.grid());
        axis.setTickMarkPaint(p.grid());
    }
}
