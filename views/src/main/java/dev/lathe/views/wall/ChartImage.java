package dev.lathe.views.wall;

import dev.lathe.views.chart.ChartStyle;
import java.util.List;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * One live chart on screen: an image the ticker's thread drew, with its few labels as text nodes on top. The size
 * the layout gives it is published for the next frame to be drawn at.
 */
final class ChartImage extends Region {
    /** A label at a pixel position; {@code right} aligns its end there instead of its start. */
    record Label(double x, double y, String text, boolean right) {
    }

    /** What the ticker's thread prepared for one chart. */
    record Drawn(Raster raster, List<Label> labels) {
    }

    private static final Font FONT = Font.font(12);

    private final ImageView view = new ImageView();
    private volatile int width;
    private volatile int height;
    private WritableImage image;

    ChartImage() {
        getChildren().add(view);
        getStyleClass().add("wall-chart");
    }

    @Override
    protected void layoutChildren() {
        width = (int) Math.floor(getWidth());
        height = (int) Math.floor(getHeight());
    }

    /** Width in pixels to draw the next frame at; read from the ticker's thread. */
    int pixelWidth() {
        return width;
    }

    int pixelHeight() {
        return height;
    }

    /** Shows a drawn frame; on the FX thread. */
    void show(Drawn drawn) {
        Raster r = drawn.raster();
        if (r.width < 1 || r.height < 1) {
            return;
        }
        if (image == null || (int) image.getWidth() != r.width || (int) image.getHeight() != r.height) {
            image = new WritableImage(r.width, r.height);
            view.setImage(image);
        }
        image.getPixelWriter().setPixels(0, 0, r.width, r.height, PixelFormat.getIntArgbPreInstance(), r.argb, 0,
                r.width);
        List<Label> labels = drawn.labels();
        java.awt.Color muted = ChartStyle.palette().muted();
        Color text = Color.rgb(muted.getRed(), muted.getGreen(), muted.getBlue());
        while (getChildren().size() - 1 < labels.size()) {
            Text t = new Text();
            t.setFont(FONT);
            t.setManaged(false);
            getChildren().add(t);
        }
        for (int i = 1; i < getChildren().size(); i++) {
            Text t = (Text) getChildren().get(i);
            if (i - 1 < labels.size()) {
                Label l = labels.get(i - 1);
                if (!l.text().equals(t.getText())) {
                    t.setText(l.text());
                }
                double w = l.right() ? t.getLayoutBounds().getWidth() : 0;
                t.relocate(l.x() - w, l.y());
                t.setFill(text);
                t.setVisible(true);
            } else {
                t.setVisible(false);
            }
        }
    }
}
