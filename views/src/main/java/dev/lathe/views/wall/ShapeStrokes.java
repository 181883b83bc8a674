package dev.lathe.views.wall;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;

/** The wall's strokes as Java2D shapes, for a chart saved as a file: lines stay lines in an SVG. */
final class ShapeStrokes implements Strokes {
    private final Graphics2D g;
    private final int width;
    private final int height;

    ShapeStrokes(Graphics2D g, int width, int height) {
        this.g = g;
        this.width = width;
        this.height = height;
    }

    @Override
    public void fill(int argb) {
        g.setColor(new Color(argb, true));
        g.fill(new Rectangle2D.Double(0, 0, width, height));
    }

    @Override
    public void rect(int x0, int y0, int x1, int y1, int argb) {
        g.setColor(new Color(argb, true));
        g.fill(new Rectangle2D.Double(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0) + 1,
                Math.abs(y1 - y0) + 1));
    }

    @Override
    public void line(int x0, int y0, int x1, int y1, int argb) {
        g.setColor(new Color(argb, true));
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(x0 + 0.5, y0 + 0.5, x1 + 0.5, y1 + 0.5));
    }
}
