package dev.lathe.views.chart;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Optional;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import org.jfree.chart.ui.Drawable;
import org.jfree.fx.FXGraphics2D;

/**
 * A confusion matrix as a heat map: rows are true classes, columns predicted ones, each cell shaded by its share of
 * its row, so a weak class shows as a pale diagonal cell whatever its size. Counts are written where they fit. It is
 * drawn through Java2D, on screen as into a saved PNG or SVG, so a saved matrix is the one on screen.
 */
public final class ConfusionHeatMap extends Region {
    private static final Color EMPTY = new Color(0xf6, 0xf8, 0xfa);
    private static final Color FULL = new Color(0x09, 0x69, 0xda);
    private static final Color TEXT = new Color(0x1f, 0x23, 0x28);
    private static final Color MUTED = new Color(0x65, 0x6d, 0x76);
    private static final double MARGIN = 8;
    private static final double SLANT_DEGREES = 50;
    private static final double SLANT_SIN = Math.sin(Math.toRadians(SLANT_DEGREES));
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private final Canvas canvas = new Canvas();
    private final FXGraphics2D screen = new FXGraphics2D(canvas.getGraphicsContext2D());
    private final Tooltip tip = new Tooltip();
    private int[][] matrix = new int[0][0];
    private List<String> names = List.of();
    private Geometry geometry;

    /** Where the grid sits, recomputed on each draw. */
    private record Geometry(double left, double top, double cell, boolean labels) {
    }

    public ConfusionHeatMap() {
        setId("confusion-matrix");
        getStyleClass().add("confusion-matrix");
        getChildren().add(canvas);
        setMinSize(180, 180);
        setPrefSize(360, 360);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, this::explain);
        Tooltip.install(canvas, tip);
    }

    public void show(int[][] confusion, List<String> classNames) {
        matrix = confusion == null ? new int[0][0] : confusion;
        names = List.copyOf(classNames);
        draw();
    }

    public int classes() {
        return matrix.length;
    }

    /** The matrix on show, to draw elsewhere (a saved file) at any size; empty before an evaluation. */
    public Optional<Drawable> drawing() {
        if (matrix.length == 0) {
            return Optional.empty();
        }
        return Optional.of((g, area) -> {
            AffineTransform saved = g.getTransform();
            g.translate(area.getX(), area.getY());
            paint(g, area.getWidth(), area.getHeight());
            g.setTransform(saved);
        });
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        canvas.getGraphicsContext2D().clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (matrix.length > 0) {
            geometry = paint(screen, canvas.getWidth(), canvas.getHeight());
        }
    }

    private Geometry paint(Graphics2D g, double width, double height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int n = matrix.length;
        boolean labels = n <= 40;
        double widest = labels ? widestName(g) : 0;
        // Room for the row names on the left, and for the column names slanted upwards on top.
        double side = labels ? Math.min(110, widest + 30) : 24;
        double top = labels ? Math.min(90, widest * SLANT_SIN + 28) : 24;
        double cell = Math.max(1, Math.min(width - side - MARGIN, height - top - MARGIN) / n);
        // Centred across the free width, so the map sits between its neighbours rather than against one.
        double left = Math.max(side, (width - n * cell + side) / 2);
        Geometry at = new Geometry(left, top, cell, labels);
        double gap = cell > 6 ? 1 : 0;
        for (int t = 0; t < n; t++) {
            int total = rowTotal(t);
            for (int p = 0; p < n; p++) {
                double share = total == 0 ? 0 : (double) matrix[t][p] / total;
                g.setColor(matrix[t][p] == 0 ? EMPTY : blend(0.15 + 0.85 * share));
                g.fill(new Rectangle2D.Double(left + p * cell, top + t * cell, cell - gap, cell - gap));
                if (cell >= 26 && matrix[t][p] > 0) {
                    count(g, matrix[t][p], share, left + (p + 0.5) * cell, top + (t + 0.5) * cell, cell);
                }
            }
        }
        axes(g, n, at, side);
        return at;
    }

    private static Color blend(double share) {
        return new Color((int) Math.round(EMPTY.getRed() + (FULL.getRed() - EMPTY.getRed()) * share),
                (int) Math.round(EMPTY.getGreen() + (FULL.getGreen() - EMPTY.getGreen()) * share),
                (int) Math.round(EMPTY.getBlue() + (FULL.getBlue() - EMPTY.getBlue()) * share));
    }

    private double widestName(Graphics2D g) {
        FontMetrics metrics = g.getFontMetrics(LABEL_FONT);
        double widest = 0;
        for (int i = 0; i < matrix.length; i++) {
            widest = Math.max(widest, metrics.stringWidth(shorten(name(i))));
        }
        return widest;
    }

    private static void count(Graphics2D g, int value, double share, double x, double y, double cell) {
        g.setColor(share > 0.5 ? Color.WHITE : TEXT);
        g.setFont(LABEL_FONT.deriveFont((float) Math.min(12, cell * 0.32)));
        centred(g, Integer.toString(value), x, y);
    }

    /** Writes {@code text} centred on (x, y), across and up and down. */
    private static void centred(Graphics2D g, String text, double x, double y) {
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, (float) (x - m.stringWidth(text) / 2.0), (float) (y + (m.getAscent() - m.getDescent()) / 2.0));
    }

    /** Writes {@code text} ending at x, centred up and down on y. */
    private static void rightAligned(Graphics2D g, String text, double x, double y) {
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, (float) (x - m.stringWidth(text)), (float) (y + (m.getAscent() - m.getDescent()) / 2.0));
    }

    private void axes(Graphics2D g, int n, Geometry at, double side) {
        double cell = at.cell();
        g.setColor(MUTED);
        g.setFont(LABEL_FONT);
        centred(g, "predicted →", at.left() + n * cell / 2, 8);
        AffineTransform saved = g.getTransform();
        g.translate(at.left() - side + 8, at.top() + n * cell / 2);
        g.rotate(Math.toRadians(-90));
        centred(g, "true →", 0, 0);
        g.setTransform(saved);
        if (!at.labels() || cell < 9) {
            return;
        }
        for (int i = 0; i < n; i++) {
            rightAligned(g, shorten(name(i)), at.left() - 6, at.top() + (i + 0.5) * cell);
        }
        FontMetrics m = g.getFontMetrics();
        for (int i = 0; i < n; i++) {
            g.translate(at.left() + (i + 0.5) * cell, at.top() - 6);
            g.rotate(Math.toRadians(-SLANT_DEGREES));
            g.drawString(shorten(name(i)), 0f, (float) ((m.getAscent() - m.getDescent()) / 2.0));
            g.setTransform(saved);
        }
    }

    private static String shorten(String name) {
        return name.length() <= 11 ? name : name.substring(0, 10) + "…";
    }

    private int rowTotal(int row) {
        int total = 0;
        for (int v : matrix[row]) {
            total += v;
        }
        return total;
    }

    private void explain(MouseEvent e) {
        Geometry at = geometry;
        if (at == null) {
            return;
        }
        int p = (int) Math.floor((e.getX() - at.left()) / at.cell());
        int t = (int) Math.floor((e.getY() - at.top()) / at.cell());
        if (p < 0 || t < 0 || p >= matrix.length || t >= matrix.length) {
            tip.setText("Rows: true class; columns: predicted class");
            return;
        }
        int total = rowTotal(t);
        tip.setText("true " + name(t) + " → predicted " + name(p) + ": " + matrix[t][p] + " of " + total
                + (total == 0 ? "" : String.format(" (%.1f %%)", 100.0 * matrix[t][p] / total)));
    }

    private String name(int i) {
        return i < names.size() ? names.get(i) : Integer.toString(i);
    }
}
