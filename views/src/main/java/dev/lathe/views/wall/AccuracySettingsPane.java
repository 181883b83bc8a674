package dev.lathe.views.wall;

import dev.lathe.views.benchmark.BenchSettingsPane;
import java.io.File;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/** The wall's evaluation settings as a form: the dataset (a file or a folder) and how many examples. */
final class AccuracySettingsPane extends HBox {

    AccuracySettingsPane(AccuracySettings settings) {
        super(16);
        setAlignment(Pos.BOTTOM_LEFT);
        Label dataset = new Label();
        dataset.setId("wall-dataset");
        dataset.textProperty().bind(Bindings.createStringBinding(() -> settings.datasetProperty().get() == null
                ? "none chosen" : String.valueOf(settings.datasetProperty().get().getFileName()),
                settings.datasetProperty()));
        dataset.setMinWidth(160);
        Button file = new Button("File…");
        file.setId("wall-dataset-file");
        file.setOnAction(e -> chooseFile(settings));
        Button folder = new Button("Folder…");
        folder.setId("wall-dataset-folder");
        folder.setOnAction(e -> chooseFolder(settings));
        TextField examples = new TextField();
        examples.setId("wall-examples");
        examples.setPrefColumnCount(7);
        examples.setTooltip(new Tooltip("The first examples of the dataset each device evaluates, the same on every "
                + "device so their top-1 can be set side by side"));
        examples.textProperty().bindBidirectional(settings.examplesProperty());
        HBox chooser = new HBox(6, dataset, file, folder);
        chooser.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(BenchSettingsPane.labelled("Labelled dataset", chooser),
                BenchSettingsPane.labelled("Examples", examples));
    }

    private void chooseFile(AccuracySettings settings) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose a labelled dataset");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Datasets (IDX, CSV)", "*.gz", "*ubyte", "*.idx", "*.csv"),
                new FileChooser.ExtensionFilter("All files", "*"));
        startIn(settings, chooser::setInitialDirectory);
        File chosen = chooser.showOpenDialog(getScene().getWindow());
        if (chosen != null) {
            settings.datasetProperty().set(chosen.toPath());
        }
    }

    private void chooseFolder(AccuracySettings settings) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Choose an image folder (one subfolder per class)");
        startIn(settings, chooser::setInitialDirectory);
        File chosen = chooser.showDialog(getScene().getWindow());
        if (chosen != null) {
            settings.datasetProperty().set(chosen.toPath());
        }
    }

    private static void startIn(AccuracySettings settings, java.util.function.Consumer<File> setter) {
        Path current = settings.datasetProperty().get();
        if (current != null && current.getParent() != null && current.getParent().toFile().isDirectory()) {
            setter.accept(current.getParent().toFile());
        }
    }
}
