package dev.lathe.views.theme;

import dev.lathe.views.chart.ChartPalette;

/**
 * The window's two looks. Each is AtlantaFX's Primer stylesheet for the controls, which sets the looked-up colours
 * ({@code -color-bg-default}, {@code -color-fg-muted}, …) that Lathe's one stylesheet draws with, and the palette
 * charts draw their own ground and text in.
 */
public enum Theme {
    LIGHT("Light", "/atlantafx/base/theme/primer-light.css", "theme-light", ChartPalette.LIGHT),
    DARK("Dark", "/atlantafx/base/theme/primer-dark.css", "theme-dark", ChartPalette.DARK);

    private final String title;
    private final String stylesheet;
    private final String styleClass;
    private final ChartPalette charts;

    Theme(String title, String stylesheet, String styleClass, ChartPalette charts) {
        this.title = title;
        this.stylesheet = stylesheet;
        this.styleClass = styleClass;
        this.charts = charts;
    }

    public String title() {
        return title;
    }

    /** The style class the scene's root carries while this theme is on. */
    public String styleClass() {
        return styleClass;
    }

    String stylesheet() {
        return stylesheet;
    }

    ChartPalette charts() {
        return charts;
    }
}
