package dev.lathe.views.theme;

import dev.lathe.views.chart.ChartStyle;
import java.net.URL;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import org.jfree.chart.fx.ChartViewer;

/**
 * AtlantaFX's Primer Light or Dark for every control, plus Lathe's own few rules on top. The theme is loaded as a
 * stylesheet resource rather than through {@code atlantafx.base.theme.PrimerLight}: AtlantaFX 2.1's classes are
 * Java 21 bytecode, while its stylesheets work on any JavaFX 21 runtime, so this keeps Lathe on Java 17.
 */
public final class LatheTheme {
    private LatheTheme() {
    }

    public static void apply(Scene scene) {
        apply(scene, Theme.LIGHT);
    }

    /**
     * Puts {@code theme} on the window: the controls' stylesheet, the root's style class, and the ground and text of
     * every chart on show (charts made later take it when they are made).
     */
    public static void apply(Scene scene, Theme theme) {
        URL controls = LatheTheme.class.getResource(theme.stylesheet());
        if (controls != null) {
            Application.setUserAgentStylesheet(controls.toExternalForm());
        }
        String own = LatheTheme.class.getResource("lathe.css").toExternalForm();
        if (!scene.getStylesheets().contains(own)) {
            scene.getStylesheets().add(own);
        }
        for (Theme other : Theme.values()) {
            scene.getRoot().getStyleClass().remove(other.styleClass());
        }
        scene.getRoot().getStyleClass().add(theme.styleClass());
        ChartStyle.use(theme.charts());
        repaintCharts(scene.getRoot());
    }

    private static void repaintCharts(Node node) {
        if (node instanceof ChartViewer viewer && viewer.getChart() != null) {
            ChartStyle.repaint(viewer.getChart());
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(LatheTheme::repaintCharts);
        }
    }
}
