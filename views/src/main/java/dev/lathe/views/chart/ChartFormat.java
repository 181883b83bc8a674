package dev.lathe.views.chart;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.ui.Drawable;
import org.jfree.svg.SVGGraphics2D;

/**
 * The two files a chart is saved as: a PNG at twice its size on screen, crisp on a high-density display or a slide,
 * and an SVG drawn by the same code as the screen, so its text stays text and its lines stay lines.
 */
public enum ChartFormat {
    PNG("png", "PNG image") {
        @Override
        public Picture draw(Drawable chart, double width, double height) {
            BufferedImage image = new BufferedImage((int) Math.ceil(width * PNG_SCALE),
                    (int) Math.ceil(height * PNG_SCALE), BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = image.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.scale(PNG_SCALE, PNG_SCALE);
                chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
            } finally {
                g.dispose();
            }
            return file -> {
                if (!ImageIO.write(image, "png", file.toFile())) {
                    throw new IOException("no PNG writer in this Java");
                }
            };
        }
    },
    SVG("svg", "SVG drawing") {
        @Override
        public Picture draw(Drawable chart, double width, double height) {
            SVGGraphics2D g = new SVGGraphics2D(width, height);
            chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
            String document = g.getSVGDocument();
            return file -> Files.writeString(file, document, StandardCharsets.UTF_8);
        }
    };

    /** Pixels of the PNG per pixel on screen. */
    public static final int PNG_SCALE = 2;

    private final String extension;
    private final String description;

    ChartFormat(String extension, String description) {
        this.extension = extension;
        this.description = description;
    }

    /** What a chart drew at one moment, ready to be written; writing may take a while, so it may run on any thread. */
    @FunctionalInterface
    public interface Picture {
        void writeTo(Path file) throws IOException;
    }

    /**
     * Draws {@code chart} as it is now, at {@code width} × {@code height} screen pixels. Charts change on the FX thread,
     * so call this there; the returned picture holds no reference to the chart.
     */
    public abstract Picture draw(Drawable chart, double width, double height);

    /** Draws and writes at once, on the calling thread. */
    public void write(Drawable chart, double width, double height, Path file) throws IOException {
        draw(chart, width, height).writeTo(file);
    }

    public String extension() {
        return extension;
    }

    public String description() {
        return description;
    }
}
