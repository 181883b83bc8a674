package dev.lathe.views.chart;

import java.awt.Color;

/**
 * The colours a chart draws itself, where the stylesheet cannot reach: its ground, its text and its grid. One per
 * window theme, matching the theme's {@code -color-bg-default}, {@code -color-fg-default}, {@code -color-fg-muted}
 * and {@code -color-border-default}.
 */
public record ChartPalette(Color background, Color text, Color muted, Color grid) {
    public static final ChartPalette LIGHT = new ChartPalette(Color.WHITE, new Color(0x1f, 0x23, 0x28),
            new Color(0x65, 0x6d, 0x76), new Color(0xd8, 0xde, 0xe4));
    public static final ChartPalette DARK = new ChartPalette(new Color(0x0d, 0x11, 0x17), new Color(0xe6, 0xed, 0xf3),
            new Color(0x9d, 0xa7, 0xb3), new Color(0x30, 0x36, 0x3d));

    /** As 0xAARRGGBB, for charts drawn pixel by pixel. */
    public static int argb(Color c) {
        return 0xff000000 | (c.getRed() << 16) | (c.getGreen() << 8) | c.getBlue();
    }
}
