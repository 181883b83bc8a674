package dev.lathe.views.wall;

import dev.lathe.views.benchmark.BenchSettingsPane;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Tooltip;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The wall's form: variants × devices (× runtimes) as checkboxes, the Benchmark tab's settings, Run and Cancel. */
final class WallForm extends VBox {
    private final WallViewModel viewModel;

    WallForm(WallViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().addAll("card", "form");
        setSpacing(8);
        FlowPane variants = checkboxes("wall-variants", viewModel.variants());
        FlowPane devices = checkboxes("wall-devices", viewModel.devices());
        FlowPane runtimes = checkboxes("wall-runtimes", viewModel.runtimes());
        Node runtimesRow = BenchSettingsPane.labelled("Runtimes", runtimes);
        Tooltip.install(runtimes, new Tooltip("Each variant is measured in each ticked runtime; Lathe exports the "
                + "copies it needs once and keeps them. ExecuTorch portable runs reference kernels: seconds a run"));
        BenchSettingsPane settings = new BenchSettingsPane(viewModel.settings(), "wall",
                "Counted runs per variant and device");
        AccuracySettingsPane accuracy = new AccuracySettingsPane(viewModel.accuracy());
        ChoiceBox<WallMeasure> measure = new ChoiceBox<>(FXCollections.observableArrayList(WallMeasure.values()));
        measure.setId("wall-measure");
        measure.setTooltip(new Tooltip("Latency: a benchmark run per variant and device. Accuracy: an evaluation "
                + "on the same examples everywhere, each device's top-1 set against this computer's"));
        measure.valueProperty().bindBidirectional(viewModel.measureProperty());
        measure.disableProperty().bind(viewModel.runningProperty());
        BooleanBinding evaluating = viewModel.measureProperty().isEqualTo(WallMeasure.ACCURACY);
        settings.visibleProperty().bind(evaluating.not());
        settings.managedProperty().bind(settings.visibleProperty());
        accuracy.visibleProperty().bind(evaluating);
        accuracy.managedProperty().bind(accuracy.visibleProperty());
        runtimesRow.visibleProperty().bind(evaluating.not());
        runtimesRow.managedProperty().bind(runtimesRow.visibleProperty());
        Label problem = new Label();
        problem.setId("wall-problem");
        problem.getStyleClass().add("problem");
        problem.textProperty().bind(viewModel.problemProperty());
        problem.visibleProperty().bind(viewModel.problemProperty().isNotEmpty());
        problem.setWrapText(true); // a model that cannot run says what to do instead, which must not be cut off
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.managedProperty().bind(problem.visibleProperty());
        Label saturation = new Label();
        saturation.setId("wall-int8-warning");
        saturation.setWrapText(true);
        saturation.setStyle("-fx-background-color: #fff4e0; -fx-border-color: #e0a030; -fx-padding: 6 10 6 10;");
        saturation.textProperty().bind(viewModel.saturationProperty());
        saturation.visibleProperty().bind(viewModel.saturationProperty().isNotEmpty());
        saturation.managedProperty().bind(saturation.visibleProperty());
        getChildren().addAll(BenchSettingsPane.labelled("Variants", variants),
                BenchSettingsPane.labelled("Devices", devices), BenchSettingsPane.labelled("Measure", measure),
                runtimesRow, settings,
                accuracy, runRow(), problem, saturation);
    }

    private <T> FlowPane checkboxes(String id, ObservableList<WallChoice<T>> choices) {
        FlowPane pane = new FlowPane(16, 6);
        pane.setId(id);
        Runnable fill = () -> pane.getChildren().setAll(choices.stream().map(WallForm::checkbox).toList());
        // Only additions and removals rebuild: a ticked box must not be replaced while it is being clicked.
        choices.addListener((ListChangeListener<WallChoice<T>>) c -> {
            while (c.next()) {
                if (c.wasAdded() || c.wasRemoved() || c.wasReplaced() || c.wasPermutated()) {
                    fill.run();
                    return;
                }
            }
        });
        fill.run();
        return pane;
    }

    private static Node checkbox(WallChoice<?> choice) {
        CheckBox box = new CheckBox(choice.label());
        box.setDisable(!choice.enabled());
        box.selectedProperty().bindBidirectional(choice.selected());
        Label note = new Label(choice.note());
        note.getStyleClass().add("status");
        HBox row = new HBox(4, box, note);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private HBox runRow() {
        Button run = new Button("Run on the wall");
        run.setId("wall-run");
        run.getStyleClass().add("accent");
        run.disableProperty().bind(viewModel.canRunProperty().not());
        run.setOnAction(e -> viewModel.run());
        Button cancel = new Button("Cancel");
        cancel.setId("wall-cancel");
        cancel.disableProperty().bind(viewModel.runningProperty().not());
        cancel.setOnAction(e -> viewModel.cancel());
        Label status = new Label();
        status.setId("wall-run-status");
        status.getStyleClass().add("status");
        status.textProperty().bind(viewModel.statusProperty());
        HBox row = new HBox(8, run, cancel, status);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }
}
