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

/** One look for every chart, matching the light theme: white ground, quiet grid, the theme's accent blue. */
public final class ChartStyle {
    public static final Color ACCENT = new Color(0x09, 0x69, 0xda);
    public static final Color ACCENT_SOFT = new Color(0x54, 0xae, 0xff);
    public static final Color TEXT = new Color(0x1f, 0x23, 0x28);
    public static final Color MUTED = new Color(0x65, 0x6d, 0x76);
    /** Series colours in order: a model keeps its colour in every chart of a view. */
    private static final Color[] SERIES = {ACCENT, new Color(0xbf, 0x39, 0x89), new Color(0x1a, 0x7f, 0x37),
            new Color(0xbc, 0x4c, 0x00), new Color(0x82, 0x50, 0xdf), new Color(0x1b, 0x7c, 0x83), MUTED};
    private static final Color GRID = new Color(0xd8, 0xde, 0xe4);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private ChartStyle() {
    }

    /** @param empty what the chart says while it has nothing to draw */
    public static JFreeChart apply(JFreeChart chart, String empty) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(6, 6, 6, 10));
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE);
            chart.getTitle().setPaint(TEXT);
        }
        if (chart.getLegend() != null) {
            chart.removeLegend();
        }
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setNoDataMessage(empty);
        plot.setNoDataMessageFont(LABEL);
        plot.setNoDataMessagePaint(MUTED);
        if (plot instanceof XYPlot xy) {
            grid(xy);
            axis(xy.getDomainAxis());
            axis(xy.getRangeAxis());
        } else if (plot instanceof CategoryPlot cat) {
            cat.setRangeGridlinePaint(GRID);
            cat.setRangeGridlineStroke(new BasicStroke(1f));
            axis(cat.getDomainAxis());
            axis(cat.getRangeAxis());
        }
        return chart;
    }

    public static Color series(int index) {
        return SERIES[index % SERIES.length];
    }

    /** A small grey line under the title, for notes such as "every 4th run shown". */
    public static void note(JFreeChart chart, String text) {
        chart.clearSubtitles();
        if (!text.isEmpty()) {
            TextTitle note = new TextTitle(text, TICK);
            note.setPaint(MUTED);
            chart.addSubtitle(note);
        }
    }

    private static void grid(XYPlot plot) {
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    }

    static void axis(Axis axis) {
        axis.setLabelFont(LABEL);
        axis.setLabelPaint(MUTED);
        axis.setTickLabelFont(TICK);
        axis.setTickLabelPaint(TEXT);
        axis.setAxisLinePaint(GRID);
        axis.setTickMarkPaint(GRID);
    }
}
