package dev.lathe.views.optimize;

import dev.lathe.engine.quantize.QuantizeSpec.CalibrationMethod;
import dev.lathe.engine.quantize.QuantizeSpec.Mode;
import dev.lathe.engine.quantize.QuantizeSpec.ReduceRange;
import dev.lathe.engine.recipe.Precision;
import dev.lathe.engine.train.FineTuneConfig;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.Property;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The recipe's name, its chain of steps (add, remove, reorder, select), and the selected step's fields: a quantize
 * step's options, a convert step's precision, a finetune, prune or distill step's settings. Only the fields of the
 * step's kind show; the editor is built anew for each step selected.
 */
final class RecipeFormPane extends VBox {
    private static final double CHAIN_HEIGHT = 46;
    /** The editor's label column, the same in every kind's fields so they line up with the step's kind above. */
    private static final double LABELS = 112;
    /** A field's problem wraps rather than widening the form past the YAML beside it. */
    private static final double PROBLEM_WIDTH = 300;
    /** AtlantaFX's mark for a field whose value is refused. */
    private static final PseudoClass DANGER = PseudoClass.getPseudoClass("danger");

    private final RecipeForm form;
    private final StackPane editor = new StackPane();

    RecipeFormPane(RecipeForm form) {
        this.form = form;
        getStyleClass().addAll("card", "form");
        setSpacing(10);
        TextField name = field("recipe-name", "int8-static", 240, "Names the variants this recipe makes");
        name.textProperty().bindBidirectional(form.nameProperty());
        HBox.setHgrow(name, Priority.ALWAYS);
        editor.setAlignment(Pos.TOP_LEFT);
        Separator line = new Separator();
        getChildren().addAll(row(label("Name"), name, buttons()), row(label("Steps"), chain()), line, editor);
        form.selectedProperty().addListener((obs, old, now) -> edit(now));
        edit(form.selectedProperty().get());
    }

    private void edit(StepFields step) {
        editor.getChildren().setAll(new StepEditor(step, form));
    }

    /**
     * The steps in order, left to right as they run, kept in step with the form's selection: a click selects the
     * step the fields below edit.
     */
    private ListView<StepFields> chain() {
        ListView<StepFields> list = new ListView<>(form.steps());
        list.setId("recipe-steps");
        list.setOrientation(Orientation.HORIZONTAL);
        list.setPrefHeight(CHAIN_HEIGHT);
        list.setMinHeight(CHAIN_HEIGHT);
        list.setMaxHeight(CHAIN_HEIGHT);
        list.setPrefWidth(400);
        HBox.setHgrow(list, Priority.ALWAYS);
        list.setCellFactory(view -> new StepCell());
        list.getSelectionModel().select(form.selectedProperty().get());
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                form.select(now);
            }
        });
        form.selectedProperty().addListener((obs, old, now) -> {
            if (list.getSelectionModel().getSelectedItem() != now) {
                list.getSelectionModel().select(now);
            }
        });
        return list;
    }

    /** Add a step after the selected one, remove it, move it earlier or later. */
    private HBox buttons() {
        MenuButton add = new MenuButton("Add step");
        add.setId("recipe-add");
        add.setMinWidth(Region.USE_PREF_SIZE);
        add.setTooltip(new Tooltip("Adds a step after the selected one; each step works on the previous step's variant"));
        for (RecipeForm.Kind kind : RecipeForm.Kind.values()) {
            MenuItem item = new MenuItem(StepFields.word(kind));
            item.setId("recipe-add-" + StepFields.word(kind));
            item.setOnAction(e -> form.addStep(kind));
            add.getItems().add(item);
        }
        Button remove = button("recipe-remove", "Remove", form::removeSelected, "Removes the selected step");
        remove.disableProperty().bind(Bindings.size(form.steps()).lessThan(2));
        Button earlier = button("recipe-earlier", "Earlier", () -> form.moveSelected(-1),
                "Moves the selected step one place earlier");
        Button later = button("recipe-later", "Later", () -> form.moveSelected(1),
                "Moves the selected step one place later");
        earlier.disableProperty().bind(Bindings.createBooleanBinding(() -> form.steps().indexOf(
                form.selectedProperty().get()) <= 0, form.steps(), form.selectedProperty()));
        later.disableProperty().bind(Bindings.createBooleanBinding(() -> form.steps().indexOf(
                form.selectedProperty().get()) >= form.steps().size() - 1, form.steps(), form.selectedProperty()));
        HBox buttons = new HBox(4, add, remove, earlier, later);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.setMinWidth(Region.USE_PREF_SIZE);
        return buttons;
    }

    /** "2. prune: channel 0.5, 3 cuts", following the step's fields as they change. */
    private final class StepCell extends ListCell<StepFields> {
        @Override
        protected void updateItem(StepFields step, boolean empty) {
            super.updateItem(step, empty);
            textProperty().unbind();
            if (empty || step == null) {
                setText(null);
                return;
            }
            int index = getIndex();
            List<StepFields> all = getListView().getItems();
            textProperty().bind(Bindings.createStringBinding(() -> (index + 1) + ". " + step.summary()
                    + (index < all.size() - 1 ? "  \u2192" : ""), step.revisionProperty(), getListView().getItems()));
        }
    }

    /** One step's kind and the fields of that kind. */
    private static final class StepEditor extends VBox {
        StepEditor(StepFields step, RecipeForm form) {
            setSpacing(8);
            ChoiceBox<RecipeForm.Kind> kind = choice("recipe-kind", step.kindProperty(), List.of(
                    RecipeForm.Kind.values()), k -> StepFields.word(k));
            Label where = new Label();
            where.getStyleClass().add("status");
            where.textProperty().bind(Bindings.createStringBinding(() -> form.steps().size() < 2 ? ""
                    : "step " + (form.steps().indexOf(step) + 1) + " of " + form.steps().size(), form.steps()));
            Label stepLabel = label("Step");
            stepLabel.setMinWidth(LABELS);
            HBox kindRow = row(stepLabel, kind, where);
            kindRow.setSpacing(10);
            getChildren().addAll(kindRow,
                    only(step, RecipeForm.Kind.QUANTIZE, quantize(step)),
                    only(step, RecipeForm.Kind.CONVERT, convert(step)),
                    only(step, RecipeForm.Kind.FINETUNE, finetune(step)),
                    only(step, RecipeForm.Kind.PRUNE, prune(step)),
                    only(step, RecipeForm.Kind.DISTILL, distill(step)));
        }

        private static Node only(StepFields step, RecipeForm.Kind kind, Node fields) {
            fields.visibleProperty().bind(step.kindProperty().isEqualTo(kind));
            fields.managedProperty().bind(fields.visibleProperty());
            return fields;
        }

        private static GridPane quantize(StepFields step) {
            QuantizeFields q = step.quantize();
            GridPane grid = grid();
            BooleanBinding calibrated = q.modeProperty().isEqualTo(Mode.STATIC);
            ChoiceBox<Mode> mode = choice("recipe-mode", q.modeProperty(),
                    List.of(Mode.values()), RecipeFormPane::word);
            Label weightOnly = note("smaller file, float compute: it does not run faster");
            weightOnly.visibleProperty().bind(q.modeProperty().isEqualTo(Mode.WEIGHT_ONLY));
            weightOnly.managedProperty().bind(weightOnly.visibleProperty());
            grid.addRow(0, label("Mode"), row(mode, weightOnly));
            ChoiceBox<ReduceRange> range = choice("recipe-reduce-range", q.reduceRangeProperty(),
                    List.of(ReduceRange.values()), RecipeFormPane::range);
            range.setTooltip(new Tooltip("How far int8 weights reach. auto: no pair of weights can saturate the int8 "
                    + "kernels of x86 CPUs without VNNI, so accuracy holds on every CPU; 7-bit: ONNX Runtime's "
                    + "reduce_range; full 8-bit: most precise on VNNI and ARM, loses accuracy on AVX2-only x86"));
            Node weights = row(check("recipe-per-channel", "Per channel", q.perChannelProperty()),
                    label("Range"), range);
            CheckBox symmetric = check("recipe-symmetric", "Symmetric", q.symmetricProperty());
            symmetric.disableProperty().bind(calibrated.not());
            grid.addRow(1, label("Weights"), weights, label("Activations"), symmetric);
            TextField percentile = field("recipe-percentile", "99.99", 80, "Percentile of activations kept in range");
            percentile.textProperty().bindBidirectional(q.percentileProperty());
            TextField samples = field("recipe-samples", "300", 70, "Calibration examples");
            samples.textProperty().bindBidirectional(q.samplesProperty());
            Node calibration = row(choice("recipe-method", q.methodProperty(), List.of(
                    CalibrationMethod.values()), RecipeFormPane::word),
                    label("Percentile"), checked(percentile, step, "calibration.percentile"), label("Samples"),
                    checked(samples, step, "calibration.samples"));
            calibration.disableProperty().bind(calibrated.not());
            grid.addRow(2, label("Calibration"), calibration);
            GridPane.setColumnSpan(calibration, 3);
            TextField exclude = field("recipe-exclude", "/head/.*, Softmax", 220,
                    "Node-name regexes and/or op types left in float, separated by commas");
            exclude.textProperty().bindBidirectional(q.excludeProperty());
            TextField budget = field("recipe-budget", "none", 70,
                    "Largest top-1 drop accepted, like 0.005; needs an evaluation dataset");
            budget.textProperty().bindBidirectional(q.budgetProperty());
            grid.addRow(3, label("Exclude"), checked(exclude, step, "exclude"), label("Accuracy budget"),
                    checked(budget, step, "accuracy_budget"));
            return grid;
        }

        private static GridPane convert(StepFields step) {
            GridPane grid = grid();
            grid.addRow(0, label("Precision"), row(choice("recipe-precision", step.precisionProperty(),
                    List.of(Precision.values()), p -> p.yamlName()),
                    note("about 2x smaller; CPUs without half arithmetic often run it slower")));
            return grid;
        }

        private static GridPane finetune(StepFields step) {
            FinetuneFields f = step.finetune();
            GridPane grid = grid();
            TextField epochs = field("recipe-epochs", "1", 60, "Passes over the training examples");
            epochs.textProperty().bindBidirectional(f.epochsProperty());
            TextField lr = field("recipe-lr", "0.001", 80, "Learning rate: the step size of each update");
            lr.textProperty().bindBidirectional(f.learningRateProperty());
            TextField batch = field("recipe-batch", "64", 60, "Examples per update");
            batch.textProperty().bindBidirectional(f.batchProperty());
            grid.addRow(0, label("Epochs"), row(checked(epochs, step, "epochs"), label("Learning rate"),
                    checked(lr, step, "lr"), label("Batch"), checked(batch, step, "batch"),
                    choice("recipe-optimizer", f.optimizerProperty(), List.of(
                            FineTuneConfig.Optimizer.values()), RecipeFormPane::word)));
            TextField examples = field("recipe-examples", "all", 80,
                    "Train on the first this many examples only; empty trains on the whole set");
            examples.textProperty().bindBidirectional(f.examplesProperty());
            TextField seed = field("recipe-seed", "0", 80, "Shuffles the examples; the same seed gives the same weights");
            seed.textProperty().bindBidirectional(f.seedProperty());
            grid.addRow(1, label("Examples"), row(checked(examples, step, "examples"), label("Seed"),
                    checked(seed, step, "seed")));
            return grid;
        }

        private static GridPane prune(StepFields step) {
            PruneFields p = step.prune();
            GridPane grid = grid();
            Label what = note("");
            what.textProperty().bind(Bindings.when(p.structureProperty().isEqualTo("channel"))
                    .then("removes filters and neurons: faster")
                    .otherwise("zeroes weights: compresses, not faster"));
            grid.addRow(0, label("Structure"), row(choice("prune-structure", p.structureProperty(),
                    PruneFields.choices("structure"), s -> s), what));
            TextField sparsity = field("prune-sparsity", "0.8", 60,
                    "The final fraction of weights (or channels) removed: above 0 and below 1");
            sparsity.textProperty().bindBidirectional(p.sparsityProperty());
            grid.addRow(1, label("Sparsity"), row(checked(sparsity, step, "sparsity"),
                    label("Method"), choice("prune-method", p.methodProperty(), PruneFields.choices("method"), s -> s),
                    label("Scope"), choice("prune-scope", p.scopeProperty(), PruneFields.choices("scope"), s -> s)));
            BooleanBinding oneShot = p.scheduleProperty().isNotEqualTo("gradual");
            TextField cuts = field("prune-cuts", "10", 50, "How many cuts, each followed by fine-tuning");
            cuts.textProperty().bindBidirectional(p.cutsProperty());
            TextField start = field("prune-start", "0.05", 60, "The first cut's sparsity");
            start.textProperty().bindBidirectional(p.startProperty());
            TextField power = field("prune-power", "3", 40, "The ramp's exponent: 3 cuts much early, little late");
            power.textProperty().bindBidirectional(p.powerProperty());
            Node ramp = row(label("Cuts"), checked(cuts, step, "schedule.steps"), label("Start"),
                    checked(start, step, "schedule.start"), label("Power"), checked(power, step, "schedule.power"));
            ramp.disableProperty().bind(oneShot);
            grid.addRow(2, label("Schedule"), row(choice("prune-schedule", p.scheduleProperty(),
                    PruneFields.choices("schedule.kind"), s -> s), ramp));
            TextField examples = field("prune-examples", "spread", 80,
                    "Training examples each cut fine-tunes on; empty spreads the training set over the cuts");
            examples.textProperty().bindBidirectional(p.examplesProperty());
            TextField lr = field("prune-lr", "0.0003", 80, "Adam's learning rate for the fine-tuning between cuts");
            lr.textProperty().bindBidirectional(p.learningRateProperty());
            Node training = row(checked(examples, step, "examples"), label("Learning rate"), checked(lr, step, "lr"));
            training.disableProperty().bind(oneShot);
            grid.addRow(3, label("Examples per cut"), training);
            TextField exclude = field("prune-exclude", "/conv1.*, /fc_out.*", 260,
                    "Node-name regexes never pruned, separated by commas");
            exclude.textProperty().bindBidirectional(p.excludeProperty());
            grid.addRow(4, label("Exclude"), checked(exclude, step, "exclude"));
            return grid;
        }

        private static GridPane distill(StepFields step) {
            DistillFields d = step.distill();
            GridPane grid = grid();
            BooleanBinding narrower = d.studentProperty().isEqualTo(DistillFields.NARROWER);
            TextField width = field("distill-width", "0.5", 60,
                    "The student's share of the teacher's channels: above 0 and below 1");
            width.textProperty().bindBidirectional(d.widthProperty());
            width.disableProperty().bind(narrower.not());
            TextField layers = field("distill-layers", "32, 64", 120,
                    "Hidden sizes (mlp) or Conv-BN-Relu-MaxPool channel counts (cnn), separated by commas");
            layers.textProperty().bindBidirectional(d.layersProperty());
            layers.disableProperty().bind(narrower);
            grid.addRow(0, label("Student"), row(choice("distill-student", d.studentProperty(), DistillFields.students(),
                    s -> s.equals(DistillFields.NARROWER) ? "narrower teacher" : s + " network"),
                    label("Width"), checked(width, step, "student.width"), label("Layers"),
                    checked(layers, step, "student.layers")));
            TextField temperature = field("distill-temperature", "4", 50, "Softens both models' outputs");
            temperature.textProperty().bindBidirectional(d.temperatureProperty());
            TextField alpha = field("distill-alpha", "0.7", 50, "Weight of the soft-target loss, from 0 to 1");
            alpha.textProperty().bindBidirectional(d.alphaProperty());
            TextField epochs = field("distill-epochs", "5", 50, "Passes over the training examples");
            epochs.textProperty().bindBidirectional(d.epochsProperty());
            grid.addRow(1, label("Temperature"), row(checked(temperature, step, "temperature"), label("Alpha"),
                    checked(alpha, step, "alpha"), label("Epochs"), checked(epochs, step, "epochs")));
            TextField examples = field("distill-examples", "all", 80,
                    "Train on the first this many examples only; empty trains on the whole set");
            examples.textProperty().bindBidirectional(d.examplesProperty());
            TextField seed = field("distill-seed", "0", 80, "The student's first weights and the example order");
            seed.textProperty().bindBidirectional(d.seedProperty());
            grid.addRow(2, label("Examples"), row(checked(examples, step, "examples"), label("Seed"),
                    checked(seed, step, "seed")));
            return grid;
        }

        private static GridPane grid() {
            GridPane grid = new GridPane();
            grid.setHgap(10);
            grid.setVgap(8);
            ColumnConstraints labels = new ColumnConstraints();
            labels.setMinWidth(LABELS);
            grid.getColumnConstraints().add(labels);
            return grid;
        }
    }

    /** {@code WEIGHT_ONLY} as a recipe writes it: {@code weight-only}. */
    private static String range(ReduceRange value) {
        return switch (value) {
            case AUTO -> "auto (safe on every CPU)";
            case ON -> "7-bit";
            case OFF -> "full 8-bit";
        };
    }

    private static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static <T> ChoiceBox<T> choice(String id, Property<T> property, List<T> values,
                                           Function<T, String> shown) {
        ChoiceBox<T> box = new ChoiceBox<>();
        box.setId(id);
        box.setMinWidth(Region.USE_PREF_SIZE);
        box.getItems().addAll(values);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : shown.apply(value);
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException("choices are picked, not typed");
            }
        });
        box.valueProperty().bindBidirectional(property);
        return box;
    }

    private static CheckBox check(String id, String text, BooleanProperty property) {
        CheckBox box = new CheckBox(text);
        box.setId(id);
        box.setMinWidth(Region.USE_PREF_SIZE);
        box.selectedProperty().bindBidirectional(property);
        return box;
    }

    private static TextField field(String id, String prompt, double width, String help) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefWidth(width);
        field.setMinWidth(Math.min(width, 50));
        field.setTooltip(new Tooltip(help));
        return field;
    }

    /**
     * The field, and beside it the recipe's own words while its value is the one at fault (the field marked too):
     * {@code 'percentile' must be above 50 and at most 100, like 99.99, not 30.0}, as the command line says it.
     *
     * @param key the field's key within the step, as a recipe names it: {@code calibration.percentile}
     */
    private static HBox checked(TextField field, StepFields step, String key) {
        Label problem = new Label();
        problem.setId(field.getId() + "-problem");
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        problem.setMaxWidth(PROBLEM_WIDTH);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        StringBinding words = step.problemOf(key);
        problem.textProperty().bind(words);
        problem.visibleProperty().bind(words.isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        field.pseudoClassStateChanged(DANGER, !words.get().isEmpty());
        words.addListener((obs, old, now) -> field.pseudoClassStateChanged(DANGER, !now.isEmpty()));
        return row(field, problem);
    }

    private static Button button(String id, String text, Runnable action, String help) {
        Button button = new Button(text);
        button.setId(id);
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.setTooltip(new Tooltip(help));
        button.setOnAction(e -> action.run());
        return button;
    }

    private static Label note(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("status");
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    static Label label(String text) {
        Label label = new Label(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        label.getStyleClass().add("form-label");
        return label;
    }

    static HBox row(Node... nodes) {
        HBox row = new HBox(8, nodes);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }
}
