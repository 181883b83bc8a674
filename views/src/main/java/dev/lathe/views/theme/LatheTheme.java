package dev.lathe.views.theme;

import java.net.URL;
import javafx.application.Application;
import javafx.scene.Scene;

/**
 * AtlantaFX's Primer Light for every control, plus Lathe's own few rules on top. The theme is loaded as a stylesheet
 * resource rather than through {@code atlantafx.base.theme.PrimerLight}: AtlantaFX 2.1's classes are Java 21
 * bytecode, while its stylesheets work on any JavaFX 21 runtime, so this keeps Lathe on Java 17.
 */
public final class LatheTheme {
    static final String PRIMER_LIGHT = "/atlantafx/base/theme/primer-light.css";

    private LatheTheme() {
    }

    public static void apply(Scene scene) {
        URL theme = LatheTheme.class.getResource(PRIMER_LIGHT);
        if (theme != null) {
            Application.setUserAgentStylesheet(theme.toExternalForm());
        }
        String own = LatheTheme.class.getResource("lathe.css").toExternalForm();
        if (!scene.getStylesheets().contains(own)) {
            scene.getStylesheets().add(own);
        }
    }
}
