package dev.lathe.views.optimize;

import dev.lathe.engine.quantize.QuantizeSpec.Mode;
import dev.lathe.engine.recipe.Precision;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.recipe.Typed;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

/**
 * One step of the recipe the form edits: its kind and the fields of every kind, so switching a step from prune to
 * finetune and back keeps what the user typed for its prune. {@link #revisionProperty()} moves on every change of
 * any field, so the form can follow a list of steps without knowing their fields.
 */
public final class StepFields {
    private final ObjectProperty<RecipeForm.Kind> kind;
    private final QuantizeFields quantize = new QuantizeFields();
    private final ObjectProperty<Precision> precision = new SimpleObjectProperty<>(Precision.FP16);
    private final FinetuneFields finetune = new FinetuneFields();
    private final PruneFields prune = new PruneFields();
    private final DistillFields distill = new DistillFields();
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper();
    private final StringProperty problemKey = new SimpleStringProperty("");
    private final StringProperty problem = new SimpleStringProperty("");

    public StepFields(RecipeForm.Kind kind) {
        this.kind = new SimpleObjectProperty<>(kind);
        List<ObservableValue<?>> all = new ArrayList<>(List.of(this.kind, precision));
        all.addAll(quantize.observables());
        all.addAll(finetune.observables());
        all.addAll(prune.observables());
        all.addAll(distill.observables());
        for (ObservableValue<?> field : all) {
            field.addListener((obs, old, now) -> revision.set(revision.get() + 1));
        }
    }

    /** A step the fields show as they are in {@code step}. */
    static StepFields of(RecipeStep step) {
        StepFields fields = new StepFields(RecipeForm.Kind.QUANTIZE);
        fields.fill(step);
        return fields;
    }

    /**
     * The step the fields describe, checked by the recipe's own rules ({@link RecipeParser#step}); throws a
     * {@link StepProblem} in the recipe's words, naming the field's key, when they are not one.
     *
     * @param recipeSeed what a finetune or distill step without a seed takes
     */
    RecipeStep step(long recipeSeed) {
        String kindWord = word(kind.get());
        try {
            return new RecipeParser().step(kindWord, parameters(), recipeSeed);
        } catch (RecipeException e) {
            String key = e.key().filter(k -> k.startsWith(kindWord + ".")).map(k -> k.substring(kindWord.length() + 1))
                    .orElse("");
            throw new StepProblem(this, key, e.getMessage(), e);
        }
    }

    private Map<String, Object> parameters() {
        return switch (kind.get()) {
            case QUANTIZE -> quantize.parameters();
            case CONVERT -> Map.of("precision", precision.get().yamlName());
            case FINETUNE -> finetune.parameters();
            case PRUNE -> prune.parameters();
            case DISTILL -> distill.parameters();
        };
    }

    /** Shows {@code message} beside the field of {@code key} (as {@link StepProblem#key()} names it). */
    void showProblem(String key, String message) {
        problemKey.set(key);
        problem.set(message);
    }

    void clearProblem() {
        showProblem("", "");
    }

    /**
     * The recipe's words about the field of {@code key} (like {@code calibration.percentile}) while it is the one at
     * fault, else empty: what the form shows beside that field.
     */
    public StringBinding problemOf(String key) {
        return Bindings.createStringBinding(() -> key.equals(problemKey.get()) ? problem.get() : "", problemKey,
                problem);
    }

    void fill(RecipeStep step) {
        if (step instanceof RecipeStep.Quantize q) {
            quantize.fill(q.spec());
        } else if (step instanceof RecipeStep.Convert c) {
            precision.set(c.precision());
        } else if (step instanceof RecipeStep.Finetune f) {
            finetune.fill(f.spec());
        } else if (step instanceof RecipeStep.Prune p) {
            prune.fill(p);
        } else {
            distill.fill((RecipeStep.Distill) step);
        }
        kind.set(kindOf(step));
    }

    static RecipeForm.Kind kindOf(RecipeStep step) {
        return RecipeForm.Kind.valueOf(step.kind().toUpperCase(Locale.ROOT));
    }

    /** Whether the step trains, and so needs a training set: finetune, distill, and a gradual prune. */
    public boolean trains() {
        return switch (kind.get()) {
            case FINETUNE, DISTILL -> true;
            case PRUNE -> prune.trains();
            default -> false;
        };
    }

    /** {@code int8-static}, {@code fp16}, {@code finetune}, {@code prune-channel}, {@code distill}. */
    String defaultName() {
        return switch (kind.get()) {
            case QUANTIZE -> quantize.modeProperty().get() == Mode.WEIGHT_ONLY ? "weight-only"
                    : "int8-" + quantize.modeProperty().get().name().toLowerCase(Locale.ROOT);
            case CONVERT -> precision.get().yamlName();
            case FINETUNE -> "finetune";
            case PRUNE -> "prune-" + prune.structureProperty().get();
            case DISTILL -> "distill";
        };
    }

    /** What the list of steps says of it: {@code prune: channel 0.5, 3 cuts}. */
    public String summary() {
        String what = switch (kind.get()) {
            case QUANTIZE -> quantize.summary();
            case CONVERT -> precision.get().yamlName();
            case FINETUNE -> finetune.summary();
            case PRUNE -> prune.summary();
            case DISTILL -> distill.summary();
        };
        return word(kind.get()) + ": " + what;
    }

    /** A kind as a recipe names it: {@code finetune}. */
    static String word(RecipeForm.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    public ObjectProperty<RecipeForm.Kind> kindProperty() {
        return kind;
    }

    public QuantizeFields quantize() {
        return quantize;
    }

    public ObjectProperty<Precision> precisionProperty() {
        return precision;
    }

    public FinetuneFields finetune() {
        return finetune;
    }

    public PruneFields prune() {
        return prune;
    }

    public DistillFields distill() {
        return distill;
    }

    /** Moves on every change of any of the step's fields. */
    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    // Shared by the kinds' fields.

    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** A parameter's value as a field shows it: {@code 0.0003}, {@code 10}, {@code channel}; null is blank. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof Double d ? plain(d) : String.valueOf(value);
    }

    /** What the user typed, read as the same text after a key in a recipe file would be (a number, a word...). */
    static Typed typed(String text) {
        return new Typed(text);
    }

    /** Puts {@code key} with the typed value, or leaves it out when the field is blank so the default applies. */
    static void putTyped(Map<String, Object> parameters, String key, String text) {
        if (text != null && !text.isBlank()) {
            parameters.put(key, typed(text));
        }
    }

    /** Comma- or line-separated entries, blanks dropped. */
    static List<String> list(String text) {
        return Arrays.stream((text == null ? "" : text).split("[,\\n]")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }
}
