package dev.lathe.views.export;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.event.ActionEvent;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/**
 * File › Export…: the format, the XNNPACK delegate for an ExecuTorch program, the input shape where the model leaves
 * dimensions open, and the folder. The dialog stays open after an export to show the files written, or one line
 * saying why none were.
 */
public final class ExportDialog {
    private static final double WIDTH = 520;
    private static final double FIELDS = 420;

    private ExportDialog() {
    }

    public static void show(Window owner, ExportViewModel viewModel) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Export");
        dialog.setHeaderText("Export " + viewModel.model().name()
                + "\nThe model goes with its provenance and a model card of the figures Lathe measured.");
        ButtonType exportType = new ButtonType("Export", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(exportType, ButtonType.CLOSE);
        dialog.getDialogPane().setId("export-dialog");

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setPrefWidth(FIELDS);
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, fields);
        grid.addRow(0, top(new Label("Format")), formats(viewModel));
        CheckBox xnnpack = new CheckBox("XNNPACK delegate (the rest runs on portable kernels)");
        xnnpack.setId("export-xnnpack");
        xnnpack.selectedProperty().bindBidirectional(viewModel.xnnpackProperty());
        showWhen(xnnpack, Bindings.equal(viewModel.formatProperty(), ExportFormat.EXECUTORCH));
        grid.add(xnnpack, 1, 1);
        Label shapeLabel = top(new Label("Input shape"));
        TextField shape = new TextField();
        shape.setId("export-shape");
        shape.textProperty().bindBidirectional(viewModel.shapeProperty());
        Label shapeHint = new Label("The model leaves dimensions open; an ExecuTorch program plans its memory for "
                + "this one shape (batch first).");
        shapeHint.setWrapText(true);
        shapeHint.setPrefWidth(FIELDS);
        shapeHint.getStyleClass().add("text-muted");
        VBox shapeBox = new VBox(4, shape, shapeHint);
        showWhen(shapeLabel, viewModel.asksShapeProperty());
        showWhen(shapeBox, viewModel.asksShapeProperty());
        grid.addRow(2, shapeLabel, shapeBox);
        grid.addRow(3, new Label("Folder"), folder(viewModel, dialog));
        CheckBox replace = new CheckBox("Replace files of the same name");
        replace.setId("export-replace");
        replace.selectedProperty().bindBidirectional(viewModel.replaceProperty());
        grid.add(replace, 1, 4);

        Label outcome = new Label();
        outcome.setId("export-outcome");
        outcome.setWrapText(true);
        outcome.setMaxWidth(WIDTH);
        outcome.managedProperty().bind(outcome.textProperty().isNotEmpty());
        Runnable refresh = () -> {
            showOutcome(outcome, viewModel);
            fit(dialog);
        };
        viewModel.problemProperty().addListener((o, was, now) -> refresh.run());
        viewModel.written().addListener((javafx.collections.ListChangeListener<Path>) c -> refresh.run());
        viewModel.runningProperty().addListener((o, was, now) -> refresh.run());
        viewModel.formatProperty().addListener((o, was, now) -> fit(dialog));
        VBox content = new VBox(12, grid, outcome);
        content.setPrefWidth(WIDTH);
        dialog.getDialogPane().setContent(content);

        Button export = (Button) dialog.getDialogPane().lookupButton(exportType);
        export.setId("export-confirm");
        export.disableProperty().bind(viewModel.canExportProperty().not());
        export.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            viewModel.export();
        });
        dialog.show();
    }

    private static VBox formats(ExportViewModel viewModel) {
        ToggleGroup group = new ToggleGroup();
        VBox box = new VBox(6);
        for (ExportFormat f : ExportFormat.values()) {
            RadioButton choice = new RadioButton(viewModel.label(f));
            choice.setId("export-format-" + f.name().toLowerCase(java.util.Locale.ROOT));
            choice.setToggleGroup(group);
            choice.setUserData(f);
            choice.setSelected(f == viewModel.formatProperty().get());
            viewModel.unavailable(f).ifPresent(why -> {
                choice.setDisable(true);
                choice.setText(viewModel.label(f) + " — " + why);
            });
            box.getChildren().add(choice);
        }
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now != null) {
                viewModel.formatProperty().set((ExportFormat) now.getUserData());
            }
        });
        return box;
    }

    private static HBox folder(ExportViewModel viewModel, Dialog<?> dialog) {
        TextField folder = new TextField();
        folder.setId("export-folder");
        folder.setPromptText("the folder to write into");
        folder.textProperty().bindBidirectional(viewModel.folderProperty());
        HBox.setHgrow(folder, Priority.ALWAYS);
        Button choose = new Button("Choose…");
        choose.setId("export-choose-folder");
        choose.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Export " + viewModel.model().name() + " into a folder");
            Path typed = Path.of(folder.getText().isBlank() ? "." : folder.getText().trim());
            if (Files.isDirectory(typed)) {
                chooser.setInitialDirectory(typed.toFile());
            }
            File chosen = chooser.showDialog(dialog.getDialogPane().getScene().getWindow());
            if (chosen != null) {
                folder.setText(chosen.getPath());
            }
        });
        return new HBox(8, folder, choose);
    }

    private static void showOutcome(Label outcome, ExportViewModel viewModel) {
        if (viewModel.runningProperty().get()) {
            outcome.getStyleClass().setAll("label");
            outcome.setText("Exporting…");
        } else if (!viewModel.problemProperty().get().isEmpty()) {
            outcome.getStyleClass().setAll("label", "danger");
            outcome.setText(viewModel.problemProperty().get());
        } else if (!viewModel.written().isEmpty()) {
            outcome.getStyleClass().setAll("label", "success");
            outcome.setText("Written:\n" + viewModel.written().stream().map(Path::toString)
                    .collect(Collectors.joining("\n")));
        } else {
            outcome.setText("");
        }
    }

    /** Rows shown or hidden and outcomes of several lines change the content's height; the window follows. */
    private static void fit(Dialog<?> dialog) {
        Platform.runLater(() -> {
            if (dialog.getDialogPane().getScene() != null && dialog.getDialogPane().getScene().getWindow() != null) {
                dialog.getDialogPane().getScene().getWindow().sizeToScene();
            }
        });
    }

    private static Label top(Label label) {
        GridPane.setValignment(label, VPos.TOP);
        return label;
    }

    private static void showWhen(Node node, javafx.beans.value.ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(condition);
    }
}
