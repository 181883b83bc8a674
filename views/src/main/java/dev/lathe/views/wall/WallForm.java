package dev.lathe.views.wall;

import javafx.beans.property.ObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The wall's form: variants × devices as checkboxes, the Benchmark tab's settings, Run and Cancel. */
final class WallForm extends VBox {
    private final WallViewModel viewModel;

    WallForm(WallViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().addAll("card", "form");
        setSpacing(8);
        FlowPane variants = checkboxes("wall-variants", viewModel.variants());
        FlowPane devices = checkboxes("wall-devices", viewModel.devices());
        FlowPane settings = new FlowPane(14, 8,
                labelled("Warm-up runs", integers("wall-warmup", 0, 1_000_000, viewModel.warmupProperty(),
                        "Runs before measuring, not counted")),
                labelled("Runs", integers("wall-iterations", 1, 10_000_000, viewModel.iterationsProperty(),
                        "Counted runs per variant and device")),
                labelled("Min. seconds", seconds()),
                labelled("Batch", integers("wall-batch", 1, 4096, viewModel.batchProperty(), "Examples per run")),
                labelled("Threads", integers("wall-threads", 1, 256, viewModel.threadsProperty(),
                        "Threads the runtime may use inside one run")));
        Label problem = new Label();
        problem.setId("wall-problem");
        problem.getStyleClass().add("problem");
        problem.textProperty().bind(viewModel.problemProperty());
        problem.visibleProperty().bind(viewModel.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        getChildren().addAll(labelled("Variants", variants), labelled("Devices", devices), settings, runRow(),
                problem);
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

    private Spinner<Double> seconds() {
        Spinner<Double> spinner = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(0, 3600, 0, 1));
        spinner.setId("wall-seconds");
        spinner.setTooltip(new Tooltip("Keep measuring at least this long, even after the counted runs; 0 for off"));
        bind(spinner, viewModel.secondsProperty());
        return spinner;
    }

    private static Spinner<Integer> integers(String id, int min, int max, ObjectProperty<Integer> value, String help) {
        Spinner<Integer> spinner = new Spinner<>(min, max, value.get() == null ? min : value.get());
        spinner.setId(id);
        spinner.setTooltip(new Tooltip(help));
        bind(spinner, value);
        return spinner;
    }

    private static <T> void bind(Spinner<T> spinner, ObjectProperty<T> value) {
        spinner.setEditable(true);
        spinner.setPrefWidth(110);
        spinner.getValueFactory().valueProperty().bindBidirectional(value);
        // Typed text counts when focus leaves, not only on Enter, so Run never uses a stale number.
        spinner.focusedProperty().addListener((obs, was, now) -> {
            if (!now) {
                try {
                    T typed = spinner.getValueFactory().getConverter().fromString(spinner.getEditor().getText());
                    if (typed != null) {
                        spinner.getValueFactory().setValue(typed);
                    }
                } catch (RuntimeException e) {
                    spinner.getEditor().setText(spinner.getValueFactory().getConverter().toString(spinner.getValue()));
                }
            }
        });
    }

    private static VBox labelled(String text, Node control) {
        Label label = new Label(text);
        label.getStyleClass().add("form-label");
        return new VBox(3, label, control);
    }
}
