package dev.lathe.views.common;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** The saturation warning above a tab's form, with the button that makes the variant again; hidden when none. */
public final class SaturationBanner extends HBox {

    public SaturationBanner(SaturationAdvice advice, String id) {
        super(10);
        setId(id);
        getStyleClass().add("warning-banner");
        setAlignment(Pos.CENTER_LEFT);
        setStyle("-fx-background-color: #fff4e0; -fx-border-color: #e0a030; -fx-padding: 6 10 6 10;");
        Label text = new Label();
        text.setId(id + "-text");
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        text.setMinHeight(USE_PREF_SIZE);
        text.textProperty().bind(advice.messageProperty().map(m -> "⚠ " + m));
        HBox.setHgrow(text, Priority.ALWAYS);
        Button remake = new Button("Make it again with reduce_range: auto");
        remake.setId(id + "-remake");
        remake.setMinWidth(USE_PREF_SIZE);
        remake.visibleProperty().bind(advice.remakeableProperty());
        remake.managedProperty().bind(remake.visibleProperty());
        remake.setOnAction(e -> advice.remake());
        getChildren().addAll(text, remake);
        visibleProperty().bind(advice.messageProperty().isNotEmpty());
        managedProperty().bind(visibleProperty());
    }
}
