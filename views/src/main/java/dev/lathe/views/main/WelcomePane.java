package dev.lathe.views.main;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** What a first run shows: what Lathe does, and one click to a real model to try it on. */
final class WelcomePane extends VBox {

    WelcomePane(MainViewModel viewModel, Runnable chooseFile) {
        setId("welcome");
        getStyleClass().add("welcome");
        setAlignment(Pos.CENTER);
        setSpacing(14);
        setMaxWidth(560);
        Label title = new Label("Welcome to Lathe");
        title.getStyleClass().add("welcome-title");
        Label text = new Label("Lathe makes models lean for edge devices and proves it with measurements. "
                + "Open a model to see what is inside it, evaluate its accuracy on a dataset, "
                + "and benchmark its latency on this computer.");
        text.setWrapText(true);
        text.getStyleClass().add("welcome-text");
        Button sample = new Button("Open the sample Fashion-MNIST CNN");
        sample.setId("open-sample");
        sample.getStyleClass().addAll("accent", "large");
        sample.setOnAction(e -> viewModel.openSample());
        sample.setVisible(viewModel.offersSample());
        sample.setManaged(viewModel.offersSample());
        Button open = new Button("Open a model file…");
        open.setId("welcome-open");
        open.setOnAction(e -> chooseFile.run());
        Label drop = new Label("or drop an .onnx, .pt or .pte file anywhere on this window");
        drop.getStyleClass().add("welcome-hint");
        getChildren().addAll(title, text, sample, open, drop);
    }
}
