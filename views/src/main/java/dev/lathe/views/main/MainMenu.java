package dev.lathe.views.main;

import dev.lathe.views.export.ExportDialog;
import dev.lathe.views.theme.Theme;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * File menu: open a model, a recent one or the sample, export the selected model or report on its family, and quit.
 * View menu: the light or dark theme, and Stage view.
 */
final class MainMenu extends MenuBar {
    private final MainViewModel viewModel;
    private final Menu recent = new Menu("Open recent");

    MainMenu(MainViewModel viewModel, StageMode stageMode, Runnable quit) {
        this.viewModel = viewModel;
        setId("main-menu");
        MenuItem open = new MenuItem("Open model…");
        open.setId("menu-open");
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(e -> chooseModel(getScene().getWindow()));
        MenuItem sample = new MenuItem("Open sample model");
        sample.setId("menu-open-sample");
        sample.setDisable(!viewModel.offersSample());
        sample.setOnAction(e -> viewModel.openSample());
        MenuItem demo = new MenuItem("Open demo…");
        demo.setId("menu-open-demo");
        demo.setOnAction(e -> chooseDemo(getScene().getWindow()));
        MenuItem export = new MenuItem("Export…");
        export.setId("menu-export");
        export.setAccelerator(KeyCombination.keyCombination("Shortcut+E"));
        export.disableProperty().bind(viewModel.canExportProperty().not());
        // A greyed item says why, and what to do.
        export.textProperty().bind(Bindings.when(viewModel.canExportProperty()).then("Export…")
                .otherwise("Export… (select a model in Models first)"));
        export.setOnAction(e -> viewModel.exportSelected().ifPresent(m -> ExportDialog.show(getScene().getWindow(), m)));
        MenuItem report = new MenuItem("Report…");
        report.setId("menu-report");
        report.disableProperty().bind(viewModel.canExportProperty().not());
        report.setOnAction(e -> chooseReportFolder(getScene().getWindow()));
        MenuItem exit = new MenuItem("Quit");
        exit.setId("menu-quit");
        exit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        exit.setOnAction(e -> quit.run());
        recent.setId("menu-recent");
        viewModel.recent().addListener((ListChangeListener<Path>) c -> fillRecent());
        fillRecent();
        getMenus().addAll(new Menu("File", null, open, recent, sample, demo, new SeparatorMenuItem(), export,
                report, new SeparatorMenuItem(), exit), view(stageMode));
    }

    /** File › Open demo…: a scenario (docs/demos.md), played in Stage view. */
    private void chooseDemo(javafx.stage.Window owner) {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Open a demo scenario");
        viewModel.sampleDemos().ifPresent(chooser::setInitialDirectory);
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("Demo scenarios (*.yaml, *.yml)",
                "*.yaml", "*.yml"));
        java.io.File chosen = chooser.showOpenDialog(owner);
        if (chosen != null) {
            viewModel.openDemo(chosen.toPath());
        }
    }

    private static Menu view(StageMode stageMode) {
        Menu theme = new Menu("Theme");
        theme.setId("menu-theme");
        ToggleGroup looks = new ToggleGroup();
        for (Theme look : Theme.values()) {
            RadioMenuItem item = new RadioMenuItem(look.title());
            item.setId("menu-theme-" + look.name().toLowerCase(Locale.ROOT));
            item.setToggleGroup(looks);
            item.setSelected(stageMode.themeProperty().get() == look);
            item.setOnAction(e -> stageMode.themeProperty().set(look));
            theme.getItems().add(item);
        }
        stageMode.themeProperty().addListener((obs, old, now) -> looks.getToggles().get(now.ordinal()).setSelected(true));
        CheckMenuItem stage = new CheckMenuItem("Stage view (Esc or F11 leaves; Ctrl+R runs the wall)");
        stage.setId("menu-stage");
        // F11 itself is caught before any accelerator, so it works while the menu bar is hidden in Stage view.
        stage.setAccelerator(new KeyCodeCombination(KeyCode.F11));
        stage.selectedProperty().bindBidirectional(stageMode.presentingProperty());
        Menu view = new Menu("View", null, theme, stage);
        view.setId("menu-view");
        return view;
    }

    private void fillRecent() {
        recent.getItems().clear();
        for (Path path : viewModel.recent()) {
            MenuItem item = new MenuItem(path.getFileName() + "  —  " + path.getParent());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> viewModel.open(path));
            recent.getItems().add(item);
        }
        recent.setDisable(recent.getItems().isEmpty());
    }

    /** Asks for a folder and writes the selected model's family report there, off the FX thread. */
    void chooseReportFolder(Window owner) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Write the report into a folder");
        File chosen = chooser.showDialog(owner);
        if (chosen != null) {
            viewModel.reportSelected(chosen.toPath());
        }
    }

    /** Asks for a model file and opens it. */
    void chooseModel(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a model");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Models (ONNX, TorchScript, ExecuTorch)", "*.onnx", "*.pt", "*.pth",
                        "*.pte"),
                new FileChooser.ExtensionFilter("All files", "*"));
        if (!viewModel.recent().isEmpty() && viewModel.recent().get(0).getParent() != null) {
            File last = viewModel.recent().get(0).getParent().toFile();
            if (last.isDirectory()) {
                chooser.setInitialDirectory(last);
            }
        }
        File chosen = chooser.showOpenDialog(owner);
        if (chosen != null) {
            viewModel.open(chosen.toPath());
        }
    }
}
