package dev.lathe.views.chart;

import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * A confusion matrix as a heat map: rows are true classes, columns predicted ones, each cell shaded by its share of
 * its row, so a weak class shows as a pale diagonal cell whatever its size. Counts are written where they fit.
 */
public final class ConfusionHeatMap extends Region {
    private static final Color EMPTY = Color.web("#f6f8fa");
    private static final Color FULL = Color.web("#0969da");
    private static final Color TEXT = Color.web("#1f2328");
    private static final double MARGIN = 8;
    private static final double SLANT_DEGREES = 50;
    private static final double SLANT_SIN = Math.sin(Math.toRadians(SLANT_DEGREES));
    private static final Font LABEL_FONT = Font.font(11);

    private final Canvas canvas = new Canvas();
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

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        int n = matrix.length;
        if (n == 0) {
            return;
        }
        boolean labels = n <= 40;
        double widest = labels ? widestName() : 0;
        // Room for the row names on the left, and for the column names slanted upwards on top.
        double side = labels ? Math.min(110, widest + 30) : 24;
        double top = labels ? Math.min(90, widest * SLANT_SIN + 28) : 24;
        double cell = Math.max(1, Math.min(canvas.getWidth() - side - MARGIN, canvas.getHeight() - top - MARGIN) / n);
        // Centred across the free width, so the map sits between its neighbours rather than against one.
        double left = Math.max(side, (canvas.getWidth() - n * cell + side) / 2);
        geometry = new Geometry(left, top, cell, labels);
        for (int t = 0; t < n; t++) {
            int total = rowTotal(t);
            for (int p = 0; p < n; p++) {
                double share = total == 0 ? 0 : (double) matrix[t][p] / total;
                g.setFill(matrix[t][p] == 0 ? EMPTY : EMPTY.interpolate(FULL, 0.15 + 0.85 * share));
                g.fillRect(left + p * cell, top + t * cell, cell - (cell > 6 ? 1 : 0), cell - (cell > 6 ? 1 : 0));
                if (cell >= 26 && matrix[t][p] > 0) {
                    count(g, matrix[t][p], share, left + (p + 0.5) * cell, top + (t + 0.5) * cell, cell);
                }
            }
        }
        axes(g, n, geometry, side);
    }

    private double widestName() {
        Text probe = new Text();
        probe.setFont(LABEL_FONT);
        double widest = 0;
        for (int i = 0; i < matrix.length; i++) {
            probe.setText(shorten(name(i)));
            widest = Math.max(widest, probe.getLayoutBounds().getWidth());
        }
        return widest;
    }

    private static void count(GraphicsContext g, int value, double share, double x, double y, double cell) {
        g.setFill(share > 0.5 ? Color.WHITE : TEXT);
        g.setFont(Font.font(Math.min(12, cell * 0.32)));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(Integer.toString(value), x, y);
    }

    private void axes(GraphicsContext g, int n, Geometry at, double side) {
        double cell = at.cell();
        g.setFill(Color.web("#656d76"));
        g.setFont(Font.font(11));
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText("predicted →", at.left() + n * cell / 2, 8);
        g.save();
        g.translate(at.left() - side + 8, at.top() + n * cell / 2);
        g.rotate(-90);
        g.fillText("true →", 0, 0);
        g.restore();
        if (!at.labels() || cell < 9) {
            return;
        }
        g.setFont(LABEL_FONT);
        g.setTextAlign(TextAlignment.RIGHT);
        for (int i = 0; i < n; i++) {
            g.fillText(shorten(name(i)), at.left() - 6, at.top() + (i + 0.5) * cell);
        }
        g.setTextAlign(TextAlignment.LEFT);
        for (int i = 0; i < n; i++) {
            g.save();
            g.translate(at.left() + (i + 0.5) * cell, at.top() - 6);
            g.rotate(-SLANT_DEGREES);
            g.fillText(shorten(name(i)), 0, 0);
            g.restore();
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
