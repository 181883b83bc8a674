package dev.lathe.views.evaluate;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/** The Evaluate tab's form: which dataset, how much of it, how to feed it; Run and Cancel with progress. */
final class EvaluationForm extends GridPane {
    private final EvaluateViewModel viewModel;

    EvaluationForm(EvaluateViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().addAll("card", "form");
        setHgap(10);
        setVgap(8);
        addRow(0, label("Dataset"), datasetRow());
        addRow(1, label("Options"), preprocessingRow());
        addRow(2, new Label(), runRow());
        Label problem = new Label();
        problem.setId("eval-problem");
        problem.getStyleClass().add("problem");
        problem.textProperty().bind(viewModel.problemProperty());
        problem.visibleProperty().bind(viewModel.problemProperty().isNotEmpty()
                .and(viewModel.modelProperty().isNotNull()));
        problem.setWrapText(true); // a model that cannot run says what to do instead, which must not be cut off
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.managedProperty().bind(problem.visibleProperty());
        add(problem, 1, 3);
    }

    private HBox datasetRow() {
        TextField path = new TextField();
        path.setId("eval-dataset");
        path.setEditable(false);
        path.setPromptText("an IDX images file, a CSV file, or a folder with one subfolder of images per class");
        path.textProperty().bind(Bindings.createStringBinding(
                () -> viewModel.datasetProperty().get() == null ? "" : viewModel.datasetProperty().get().toString(),
                viewModel.datasetProperty()));
        HBox.setHgrow(path, Priority.ALWAYS);
        Button file = new Button("File…");
        file.setOnAction(e -> chooseFile());
        Button folder = new Button("Folder…");
        folder.setOnAction(e -> chooseFolder());
        HBox row = row(6, path, file, folder);
        GridPane.setHgrow(row, Priority.ALWAYS);
        return row;
    }

    private HBox preprocessingRow() {
        TextField limit = field("eval-limit", "all", 90, "How many examples to evaluate, from the start; empty for all");
        limit.textProperty().bindBidirectional(viewModel.limitProperty());
        TextField mean = field("eval-mean", "inferred", 150,
                "Mean to subtract after scaling to 0..1: one number, or one per channel like 0.485, 0.456, 0.406");
        mean.textProperty().bindBidirectional(viewModel.meanProperty());
        TextField std = field("eval-std", "inferred", 150, "Standard deviation to divide by: one number or one per channel");
        std.textProperty().bindBidirectional(viewModel.stdProperty());
        CheckBox resize = new CheckBox("Resize images to the model's input");
        resize.setId("eval-resize");
        resize.selectedProperty().bindBidirectional(viewModel.resizeProperty());
        return row(8, label("Limit"), limit, label("Mean"), mean, label("Std"), std, resize);
    }

    private HBox runRow() {
        Button run = new Button("Evaluate");
        run.setId("eval-run");
        run.getStyleClass().add("accent");
        run.disableProperty().bind(viewModel.canRunProperty().not());
        run.setOnAction(e -> viewModel.run());
        Button cancel = new Button("Cancel");
        cancel.setId("eval-cancel");
        cancel.disableProperty().bind(viewModel.runState().runningProperty().not());
        cancel.setOnAction(e -> viewModel.cancel());
        ProgressBar progress = new ProgressBar();
        progress.setId("eval-progress");
        progress.setPrefWidth(220);
        progress.progressProperty().bind(viewModel.runState().progressProperty());
        progress.visibleProperty().bind(viewModel.runState().runningProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        Label status = new Label();
        status.setId("eval-status");
        status.getStyleClass().add("status");
        status.textProperty().bind(viewModel.runState().statusProperty());
        return row(8, run, cancel, progress, status);
    }

    private void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose a dataset");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Datasets (IDX, CSV)", "*.gz", "*ubyte", "*.idx", "*.csv"),
                new FileChooser.ExtensionFilter("All files", "*"));
        startIn(chooser::setInitialDirectory);
        File chosen = chooser.showOpenDialog(getScene().getWindow());
        if (chosen != null) {
            viewModel.datasetProperty().set(chosen.toPath());
        }
    }

    private void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Choose a dataset folder");
        startIn(chooser::setInitialDirectory);
        File chosen = chooser.showDialog(getScene().getWindow());
        if (chosen != null) {
            viewModel.datasetProperty().set(chosen.toPath());
        }
    }

    private void startIn(Consumer<File> setter) {
        Path current = viewModel.datasetProperty().get();
        if (current != null && current.getParent() != null && current.getParent().toFile().isDirectory()) {
            setter.accept(current.getParent().toFile());
        }
    }

    private static TextField field(String id, String prompt, double width, String help) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefWidth(width);
        field.setTooltip(new Tooltip(help));
        return field;
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("form-label");
        return label;
    }

    private static HBox row(double spacing, Node... nodes) {
        HBox row = new HBox(spacing, nodes);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }
}
