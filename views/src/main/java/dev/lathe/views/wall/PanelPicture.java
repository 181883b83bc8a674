package dev.lathe.views.wall;

import dev.lathe.views.chart.ChartStyle;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.ui.Drawable;

/**
 * One of a device panel's charts for one frame, drawn by the same code as the screen's pixels but as shapes and text,
 * for a saved PNG or SVG.
 */
final class PanelPicture implements Drawable {
    /** Which of the panel's two charts. */
    enum Chart { TIMELINE, HISTOGRAM }

    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private final PanelCharts charts;
    private final PanelFrame frame;
    private final Chart chart;

    PanelPicture(PanelCharts charts, PanelFrame frame, Chart chart) {
        this.charts = charts;
        this.frame = frame;
        this.chart = chart;
    }

    @Override
    public void draw(Graphics2D g, Rectangle2D area) {
        AffineTransform saved = g.getTransform();
        g.translate(area.getX(), area.getY());
        int w = (int) Math.floor(area.getWidth());
        int h = (int) Math.floor(area.getHeight());
        ShapeStrokes strokes = new ShapeStrokes(g, w, h);
        List<ChartImage.Label> labels = chart == Chart.TIMELINE ? charts.timeline(frame, w, h, strokes)
                : charts.histogram(frame, w, h, strokes);
        g.setFont(FONT);
        g.setColor(ChartStyle.palette().muted());
        FontMetrics metrics = g.getFontMetrics();
        for (ChartImage.Label l : labels) {
            // The screen places a label's top at y; Java2D writes from the baseline.
            float x = (float) (l.x() - (l.right() ? metrics.stringWidth(l.text()) : 0));
            g.drawString(l.text(), x, (float) (l.y() + metrics.getAscent()));
        }
        g.setTransform(saved);
    }
}
