package dev.lathe.views.common;

import javafx.geometry.Pos;
import javafx.scene.control.Label;

/** Small labels every tab uses, styled by the theme's classes. */
public final class Ui {
    private Ui() {
    }

    public static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section-title");
        return label;
    }

    /** What an empty table or pane says instead. */
    public static Label placeholder(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setAlignment(Pos.CENTER);
        label.getStyleClass().add("placeholder");
        return label;
    }
}
