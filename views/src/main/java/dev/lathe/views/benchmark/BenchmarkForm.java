package dev.lathe.views.benchmark;

import javafx.beans.property.ObjectProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The Benchmark tab's form: how many runs, how big a batch, how many threads; Run and Cancel with progress. */
final class BenchmarkForm extends VBox {
    private final BenchmarkViewModel viewModel;

    BenchmarkForm(BenchmarkViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().addAll("card", "form");
        setSpacing(8);
        FlowPane settings = new FlowPane(14, 8,
                labelled("Warm-up runs", integers("bench-warmup", 0, 1_000_000, viewModel.warmupProperty(),
                        "Runs before measuring, not counted")),
                labelled("Runs", integers("bench-iterations", 1, 10_000_000, viewModel.iterationsProperty(),
                        "Counted runs")),
                labelled("Min. seconds", seconds()),
                labelled("Batch", integers("bench-batch", 1, 4096, viewModel.batchProperty(), "Examples per run")),
                labelled("Threads", integers("bench-threads", 1, 256, viewModel.threadsProperty(),
                        "Threads the runtime may use inside one run")));
        Label problem = new Label();
        problem.setId("bench-problem");
        problem.getStyleClass().add("problem");
        problem.textProperty().bind(viewModel.problemProperty());
        problem.visibleProperty().bind(viewModel.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        getChildren().addAll(settings, runRow(), problem);
    }

    private HBox runRow() {
        Button run = new Button("Benchmark");
        run.setId("bench-run");
        run.getStyleClass().add("accent");
        run.disableProperty().bind(viewModel.canRunProperty().not());
        run.setOnAction(e -> viewModel.run());
        Button cancel = new Button("Cancel");
        cancel.setId("bench-cancel");
        cancel.disableProperty().bind(viewModel.runState().runningProperty().not());
        cancel.setOnAction(e -> viewModel.cancel());
        ProgressBar progress = new ProgressBar();
        progress.setId("bench-progress");
        progress.setPrefWidth(220);
        progress.progressProperty().bind(viewModel.runState().progressProperty());
        progress.visibleProperty().bind(viewModel.runState().runningProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        Label status = new Label();
        status.setId("bench-status");
        status.getStyleClass().add("status");
        status.textProperty().bind(viewModel.runState().statusProperty());
        return row(8, run, cancel, progress, status);
    }

    private Spinner<Double> seconds() {
        Spinner<Double> spinner = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(0, 3600, 0, 1));
        spinner.setId("bench-seconds");
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
                commit(spinner);
            }
        });
    }

    private static <T> void commit(Spinner<T> spinner) {
        try {
            T typed = spinner.getValueFactory().getConverter().fromString(spinner.getEditor().getText());
            if (typed != null) {
                spinner.getValueFactory().setValue(typed);
            }
        } catch (RuntimeException e) {
            spinner.getEditor().setText(spinner.getValueFactory().getConverter().toString(spinner.getValue()));
        }
    }

    private static VBox labelled(String text, Node control) {
        Label label = new Label(text);
        label.getStyleClass().add("form-label");
        return new VBox(3, label, control);
    }

    private static HBox row(double spacing, Node... nodes) {
        HBox row = new HBox(spacing, nodes);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }
}
