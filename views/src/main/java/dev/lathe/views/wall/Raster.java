package dev.lathe.views.wall;

import java.util.Arrays;

/**
 * An ARGB pixel buffer with the few strokes the wall's charts need. Charts are drawn into it on the ticker's thread,
 * so the FX thread only copies finished pixels into an image, and the renderer only blits that image.
 */
final class Raster implements Strokes {
    final int width;
    final int height;
    final int[] argb;

    Raster(int width, int height) {
        this.width = width;
        this.height = height;
        this.argb = new int[width * height];
    }

    @Override
    public void fill(int colour) {
        Arrays.fill(argb, colour);
    }

    @Override
    public void rect(int x0, int y0, int x1, int y1, int colour) {
        int xa = Math.max(0, Math.min(x0, x1));
        int xb = Math.min(width - 1, Math.max(x0, x1));
        int ya = Math.max(0, Math.min(y0, y1));
        int yb = Math.min(height - 1, Math.max(y0, y1));
        for (int y = ya; y <= yb; y++) {
            Arrays.fill(argb, y * width + xa, y * width + xb + 1, colour);
        }
    }

    /** A line about two pixels thick (Bresenham, doubled across its minor axis). */
    @Override
    public void line(int x0, int y0, int x1, int y1, int colour) {
        int dx = Math.abs(x1 - x0);
        int dy = -Math.abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1;
        int sy = y0 < y1 ? 1 : -1;
        boolean steep = -dy > dx;
        int err = dx + dy;
        int x = x0;
        int y = y0;
        while (true) {
            plot(x, y, colour);
            if (steep) {
                plot(x + 1, y, colour);
            } else {
                plot(x, y + 1, colour);
            }
            if (x == x1 && y == y1) {
                return;
            }
            int e2 = 2 * err;
            if (e2 >= dy) {
                err += dy;
                x += sx;
            }
            if (e2 <= dx) {
                err += dx;
                y += sy;
            }
        }
    }

    private void plot(int x, int y, int colour) {
        if (x >= 0 && y >= 0 && x < width && y < height) {
            argb[y * width + x] = colour;
        }
    }

    static int argb(int alpha, java.awt.Color c) {
        return (alpha << 24) | (c.getRed() << 16) | (c.getGreen() << 8) | c.getBlue();
    }

    /** {@code c} blended over white at {@code alpha} (0–255), as an opaque colour. */
    static int overWhite(int alpha, java.awt.Color c) {
        int r = 255 - (255 - c.getRed()) * alpha / 255;
        int g = 255 - (255 - c.getGreen()) * alpha / 255;
        int b = 255 - (255 - c.getBlue()) * alpha / 255;
        return 0xff000000 | (r << 16) | (g << 8) | b;
    }
}
