package dev.lathe.views.benchmark;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The Benchmark tab's form: how many runs, how big a batch, how many threads; Run and Cancel with progress. */
final class BenchmarkForm extends VBox {
    private final BenchmarkViewModel viewModel;

    BenchmarkForm(BenchmarkViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().addAll("card", "form");
        setSpacing(8);
        BenchSettingsPane settings = new BenchSettingsPane(viewModel.settings(), "bench", "Counted runs");
        Label problem = new Label();
        problem.setId("bench-problem");
        problem.getStyleClass().add("problem");
        problem.textProperty().bind(viewModel.problemProperty());
        problem.visibleProperty().bind(viewModel.problemProperty().isNotEmpty());
        problem.setWrapText(true); // a model that cannot run says what to do instead, which must not be cut off
        problem.setMinHeight(Region.USE_PREF_SIZE);
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






    private static HBox row(double spacing, Node... nodes) {
        HBox row = new HBox(spacing, nodes);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }
}
