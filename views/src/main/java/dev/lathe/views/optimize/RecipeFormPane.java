package dev.lathe.views.optimize;

import dev.lathe.engine.quantize.QuantizeSpec.CalibrationMethod;
import dev.lathe.engine.quantize.QuantizeSpec.Mode;
import dev.lathe.engine.recipe.Precision;
import dev.lathe.engine.train.FineTuneConfig;
import java.util.Locale;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;

/** The recipe's fields: a quantize step's options, a convert step's precision, or a finetune step's settings. */
final class RecipeFormPane extends GridPane {

    RecipeFormPane(RecipeForm form) {
        getStyleClass().addAll("card", "form");
        setHgap(10);
        setVgap(8);
        BooleanBinding quantize = form.kindProperty().isEqualTo(RecipeForm.Kind.QUANTIZE);
        BooleanBinding calibrated = quantize.and(form.modeProperty().isEqualTo(Mode.STATIC));
        TextField name = field("recipe-name", "int8-static", 180, "Names the variants this recipe makes");
        name.textProperty().bindBidirectional(form.nameProperty());
        addRow(0, label("Name"), name, label("Step"), choice("recipe-kind", form.kindProperty(), RecipeForm.Kind.values()));
        ChoiceBox<Mode> mode = choice("recipe-mode", form.modeProperty(), Mode.values());
        Label weightOnly = new Label("smaller file, float compute: it does not run faster");
        weightOnly.getStyleClass().add("status");
        weightOnly.visibleProperty().bind(quantize.and(form.modeProperty().isEqualTo(Mode.WEIGHT_ONLY)));
        ChoiceBox<Precision> precision = choice("recipe-precision", form.precisionProperty(), Precision.values());
        precision.disableProperty().bind(form.kindProperty().isNotEqualTo(RecipeForm.Kind.CONVERT));
        mode.disableProperty().bind(quantize.not());
        addRow(1, label("Mode"), row(mode, weightOnly), label("Precision"), precision);
        Node weights = row(check("recipe-per-channel", "Per channel", form.perChannelProperty()),
                check("recipe-reduce-range", "Reduce range (7-bit)", form.reduceRangeProperty()));
        weights.disableProperty().bind(quantize.not());
        CheckBox symmetric = check("recipe-symmetric", "Symmetric", form.symmetricProperty());
        symmetric.disableProperty().bind(calibrated.not());
        addRow(2, label("Weights"), weights, label("Activations"), symmetric);
        TextField percentile = field("recipe-percentile", "99.99", 80, "Percentile of activations kept in range");
        percentile.textProperty().bindBidirectional(form.percentileProperty());
        TextField samples = field("recipe-samples", "300", 80, "Calibration examples");
        samples.textProperty().bindBidirectional(form.samplesProperty());
        Node calibration = row(choice("recipe-method", form.methodProperty(), CalibrationMethod.values()),
                label("Percentile"), percentile, label("Samples"), samples);
        calibration.disableProperty().bind(calibrated.not());
        addRow(3, label("Calibration"), calibration);
        GridPane.setColumnSpan(calibration, 3);
        TextField exclude = field("recipe-exclude", "/head/.*, Softmax", 320,
                "Node-name regexes and/or op types left in float, separated by commas");
        exclude.setPrefWidth(240);
        exclude.textProperty().bindBidirectional(form.excludeProperty());
        TextField budget = field("recipe-budget", "none", 80,
                "Largest top-1 drop accepted, like 0.005; needs an evaluation dataset");
        budget.textProperty().bindBidirectional(form.budgetProperty());
        exclude.disableProperty().bind(quantize.not());
        budget.disableProperty().bind(quantize.not());
        addRow(4, label("Exclude"), exclude, label("Accuracy budget"), budget);
        training(form.finetune(), form.kindProperty().isNotEqualTo(RecipeForm.Kind.FINETUNE));
    }

    private void training(FinetuneFields f, BooleanBinding off) {
        TextField epochs = field("recipe-epochs", "1", 60, "Passes over the training examples");
        epochs.textProperty().bindBidirectional(f.epochsProperty());
        TextField lr = field("recipe-lr", "0.001", 80, "Learning rate: the step size of each update");
        lr.textProperty().bindBidirectional(f.learningRateProperty());
        TextField batch = field("recipe-batch", "64", 60, "Examples per update");
        batch.textProperty().bindBidirectional(f.batchProperty());
        Node rate = row(epochs, label("Learning rate"), lr, label("Batch"), batch,
                choice("recipe-optimizer", f.optimizerProperty(), FineTuneConfig.Optimizer.values()));
        rate.disableProperty().bind(off);
        addRow(5, label("Epochs"), rate);
        GridPane.setColumnSpan(rate, 3);
        TextField examples = field("recipe-examples", "all", 80,
                "Train on the first this many examples only; empty trains on the whole set");
        examples.textProperty().bindBidirectional(f.examplesProperty());
        TextField seed = field("recipe-seed", "0", 80, "Shuffles the examples; the same seed gives the same weights");
        seed.textProperty().bindBidirectional(f.seedProperty());
        examples.disableProperty().bind(off);
        seed.disableProperty().bind(off);
        addRow(6, label("Examples"), examples, label("Seed"), seed);
    }

    private static <T extends Enum<T>> ChoiceBox<T> choice(String id, ObjectProperty<T> property, T[] values) {
        ChoiceBox<T> box = new ChoiceBox<>();
        box.setId(id);
        box.setMinWidth(Region.USE_PREF_SIZE);
        box.getItems().addAll(values);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : value.name().toLowerCase(Locale.ROOT).replace('_', '-');
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException("choices are picked, not typed");
            }
        });
        box.valueProperty().bindBidirectional(property);
        return box;
    }

    private static CheckBox check(String id, String text, javafx.beans.property.BooleanProperty property) {
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
        field.setMinWidth(Math.min(width, 80));
        field.setTooltip(new Tooltip(help));
        return field;
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
