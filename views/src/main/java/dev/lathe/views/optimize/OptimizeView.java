package dev.lathe.views.optimize;

import dev.lathe.engine.quantize.QuantizedModel;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.views.chart.ChartFiles;
import dev.lathe.views.chart.ChartMenu;
import dev.lathe.views.chart.TrainingCurveChart;
import dev.lathe.views.chart.TrainingPoint;
import dev.lathe.views.common.Tables;
import dev.lathe.views.common.Ui;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;

/**
 * The Optimize tab: the recipe form beside its YAML, the datasets, Run with progress, the training curve of a run
 * that trains, and what the variant changed.
 */
public final class OptimizeView extends VBox {
    private final OptimizeViewModel viewModel;
    private final TrainingCurveChart curve = new TrainingCurveChart();
    // Four redraws a second at most, however fast batches train: software rendering competes with the training.
    private final Timeline drain;

    public OptimizeView(OptimizeViewModel viewModel, ChartFiles charts) {
        this.viewModel = viewModel;
        drain = new Timeline(new KeyFrame(Duration.millis(250), e -> viewModel.drainTraining()));
        drain.setCycleCount(Animation.INDEFINITE);
        setId("optimize-view");
        // Never squeezed into the window: it is taller than most screens (form, curve, report), so it scrolls.
        setMinHeight(Region.USE_PREF_SIZE);
        getStyleClass().add("tab-body");
        setSpacing(12);
        TextArea yaml = new TextArea();
        yaml.setId("recipe-yaml");
        yaml.setEditable(false);
        yaml.setPrefColumnCount(38);
        yaml.setPrefRowCount(14);
        yaml.textProperty().bind(viewModel.form().yamlProperty());
        yaml.getStyleClass().add("code");
        VBox left = new VBox(8, new RecipeFormPane(viewModel.form()), datasets(), runRow());
        HBox.setHgrow(left, Priority.ALWAYS);
        Label note = new Label();
        note.setId("recipe-note");
        note.getStyleClass().add("status");
        note.textProperty().bind(viewModel.noteProperty());
        VBox.setVgrow(yaml, Priority.ALWAYS);  // as tall as the form beside it: a recipe of several steps is long
        VBox right = new VBox(6, RecipeFormPane.row(Ui.section("Recipe YAML"), button("recipe-load", "Load recipe…",
                this::load), button("recipe-save", "Save recipe…", this::save)), yaml, note);
        getChildren().addAll(new HBox(12, left, right), training(), Ui.section("What the variant changed"), report(),
                Ui.section("Where it lost precision"), new LayerErrorPane(viewModel, charts));
        ChartMenu.attach(curve.node(), "training curve", charts);
    }

    private GridPane datasets() {
        GridPane grid = new GridPane();
        grid.getStyleClass().addAll("card", "form");
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, RecipeFormPane.label("Calibration data"), datasetRow("optimize-calibration",
                viewModel.calibrationProperty(), "needed by static mode and by an accuracy budget"));
        grid.addRow(1, RecipeFormPane.label("Evaluate on"), datasetRow("optimize-evaluation",
                viewModel.evaluationProperty(), "none: the variant is not evaluated"));
        grid.addRow(2, RecipeFormPane.label("Train on"), datasetRow("optimize-training",
                viewModel.trainingProperty(), "needed by finetune, distill and gradual prune steps"));
        return grid;
    }

    /** The curve, shown for a recipe that trains and kept after its run until a run that does not train. */
    private VBox training() {
        curve.node().setMinHeight(200);
        curve.node().setPrefHeight(240);
        viewModel.trainingCurve().addListener((ListChangeListener<TrainingPoint>) change -> {
            while (change.next()) {
                if (change.wasRemoved()) {
                    curve.clear();
                }
                if (change.wasAdded()) {
                    curve.append(List.copyOf(change.getAddedSubList()));
                }
            }
        });
        viewModel.runState().runningProperty().addListener((obs, was, running) -> {
            if (running) {
                drain.play();
            } else {
                drain.stop();
            }
        });
        VBox box = new VBox(6, Ui.section("Training"), curve.node());
        box.visibleProperty().bind(viewModel.form().trainsProperty().or(Bindings.isNotEmpty(viewModel.trainingCurve())));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    /** Stops the drain timer when the window goes away. */
    public void dispose() {
        drain.stop();
    }

    /** Points now drawn in the training curve; for tests. */
    public int curvePoints() {
        return curve.points();
    }

    /** The labels marking where each training of the run began ("prune cut 1/3", "cut 2/3"); for tests. */
    public List<String> curveMarks() {
        return curve.marks();
    }

    private HBox datasetRow(String id, ObjectProperty<Path> dataset, String prompt) {
        TextField path = new TextField();
        path.setId(id);
        path.setEditable(false);
        path.setPromptText(prompt);
        path.setPrefColumnCount(36);
        path.textProperty().bind(Bindings.createStringBinding(
                () -> dataset.get() == null ? "" : dataset.get().toString(), dataset));
        HBox.setHgrow(path, Priority.ALWAYS);
        Button choose = button(id + "-choose", "File…", () -> {
            File chosen = datasetChooser().showOpenDialog(getScene().getWindow());
            if (chosen != null) {
                dataset.set(chosen.toPath());
            }
        });
        Button none = button(id + "-none", "None", () -> dataset.set(null));
        HBox row = RecipeFormPane.row(path, choose, none);
        GridPane.setHgrow(row, Priority.ALWAYS);
        return row;
    }

    private static FileChooser datasetChooser() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose a dataset");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Datasets (IDX, CSV)", "*.gz", "*ubyte", "*.idx", "*.csv"),
                new FileChooser.ExtensionFilter("All files", "*"));
        return chooser;
    }

    private HBox runRow() {
        Button run = button("optimize-run", "Optimize", viewModel::run);
        run.getStyleClass().add("accent");
        run.disableProperty().bind(viewModel.canRunProperty().not());
        Button cancel = button("optimize-cancel", "Cancel", viewModel::cancel);
        cancel.disableProperty().bind(viewModel.runState().runningProperty().not());
        ProgressBar progress = new ProgressBar();
        progress.setId("optimize-progress");
        progress.setPrefWidth(160);
        progress.progressProperty().bind(viewModel.runState().progressProperty());
        progress.visibleProperty().bind(viewModel.runState().runningProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        Label status = new Label();
        status.setId("optimize-status");
        status.getStyleClass().add("status");
        status.textProperty().bind(viewModel.statusProperty());
        // Wraps within the column rather than widening it: a run's line ("step 1 of 2, prune cut 2 of 3 ...") is long.
        status.setWrapText(true);
        status.setMinWidth(0);
        status.setPrefWidth(300);
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        return RecipeFormPane.row(run, cancel, progress, status);
    }

    private VBox report() {
        Label summary = new Label();
        summary.setId("variant-summary");
        summary.setWrapText(true);
        TableView<QuantizedModel.FloatNode> floats = new TableView<>();
        floats.setId("variant-float-nodes");
        floats.getStyleClass().add("dense");
        floats.setPrefHeight(160);
        TableColumn<QuantizedModel.FloatNode, String> node = Tables.column("Left in float", QuantizedModel.FloatNode::name, s -> s);
        TableColumn<QuantizedModel.FloatNode, String> op = Tables.column("Op", QuantizedModel.FloatNode::op, s -> s);
        TableColumn<QuantizedModel.FloatNode, String> why = Tables.column("Why", QuantizedModel.FloatNode::reason, s -> s);
        floats.getColumns().addAll(List.of(node, op, why));
        floats.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Tables.copyableAsCsv(floats);
        ListView<String> warnings = new ListView<>();
        warnings.setId("variant-warnings");
        warnings.setPrefHeight(80);
        Consumer<StoredVariant> show = v -> {
            // Before a run there is nothing to report: "no node was left in float" would claim a result.
            floats.setPlaceholder(Ui.placeholder(v == null ? "" : "No node was left in float"));
            warnings.setPlaceholder(Ui.placeholder(v == null ? "" : "No warnings"));
            summary.setText(v == null ? "Optimize this model to see what a recipe changes; a variant shows how it was made."
                    : v.model().name() + ": " + VariantSummary.of(v.report()));
            floats.getItems().setAll(v == null ? List.of() : v.report().floatNodes());
            warnings.getItems().setAll(v == null ? List.of() : v.report().warnings());
        };
        show.accept(null);
        viewModel.reportProperty().addListener((obs, old, now) -> show.accept(now));
        return new VBox(6, summary, floats, warnings);
    }

    private void load() {
        File chosen = recipeChooser("Load a recipe").showOpenDialog(getScene().getWindow());
        if (chosen != null) {
            load(chosen.toPath());
        }
    }

    /** Loads a recipe file into the form, as Load recipe… does once a file is chosen. */
    public void load(Path recipe) {
        viewModel.load(recipe);
    }

    private void save() {
        FileChooser chooser = recipeChooser("Save the recipe");
        chooser.setInitialFileName(viewModel.form().nameProperty().get() + ".yaml");
        File chosen = chooser.showSaveDialog(getScene().getWindow());
        if (chosen != null) {
            viewModel.save(chosen.toPath());
        }
    }

    private static FileChooser recipeChooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Recipes (YAML)", "*.yaml", "*.yml"),
                new FileChooser.ExtensionFilter("All files", "*"));
        return chooser;
    }

    private static Button button(String id, String text, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.setOnAction(e -> action.run());
        return button;
    }
}
