package dev.lathe.views.wall;

/**
 * The few strokes the wall's charts are drawn with: into pixels on the ticker's thread for the screen
 * ({@link Raster}), or as shapes into a saved file ({@link ShapeStrokes}), by the same chart code.
 */
interface Strokes {
    void fill(int argb);

    /** A filled rectangle between two corners, both inside it. */
    void rect(int x0, int y0, int x1, int y1, int argb);

    /** A line about two pixels thick. */
    void line(int x0, int y0, int x1, int y1, int argb);

    default void hline(int y, int x0, int x1, int argb) {
        rect(x0, y, x1, y, argb);
    }

    /** A vertical line of {@code on} pixels drawn, {@code off} skipped. */
    default void dashedVline(int x, int y0, int y1, int on, int off, int argb) {
        for (int y = y0; y <= y1; y += on + off) {
            rect(x, y, x, Math.min(y1, y + on - 1), argb);
        }
    }
}
