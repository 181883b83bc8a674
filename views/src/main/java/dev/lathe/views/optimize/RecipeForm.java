package dev.lathe.views.optimize;

import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.quantize.QuantizeSpec.CalibrationMethod;
import dev.lathe.engine.quantize.QuantizeSpec.Mode;
import dev.lathe.engine.recipe.Precision;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.recipe.RecipeWriter;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * A one-step recipe as form fields, validated here, with its YAML (as {@link RecipeWriter} writes it, so what the
 * form saves runs unchanged from the CLI) kept in sync.
 */
public final class RecipeForm {
    /** What the step does: int8 quantization, a half-precision conversion, or more training on a dataset. */
    public enum Kind { QUANTIZE, CONVERT, FINETUNE }

    private final StringProperty name = new SimpleStringProperty("int8-dynamic");
    private final ObjectProperty<Kind> kind = new SimpleObjectProperty<>(Kind.QUANTIZE);
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.DYNAMIC);
    private final BooleanProperty perChannel = new SimpleBooleanProperty(true);
    private final BooleanProperty symmetric = new SimpleBooleanProperty();
    private final BooleanProperty reduceRange = new SimpleBooleanProperty();
    private final ObjectProperty<CalibrationMethod> method =
            new SimpleObjectProperty<>(QuantizeSpec.Calibration.DEFAULT.method());
    private final StringProperty percentile = new SimpleStringProperty(plain(QuantizeSpec.Calibration.DEFAULT.percentile()));
    private final StringProperty samples = new SimpleStringProperty(String.valueOf(QuantizeSpec.Calibration.DEFAULT.samples()));
    private final StringProperty exclude = new SimpleStringProperty("");
    private final StringProperty budget = new SimpleStringProperty("");
    private final ObjectProperty<Precision> precision = new SimpleObjectProperty<>(Precision.FP16);
    private final FinetuneFields finetune = new FinetuneFields();
    // Not a field on screen: kept from a loaded recipe so that saving it again changes nothing.
    private final LongProperty recipeSeed = new SimpleLongProperty(Recipe.DEFAULT_SEED);
    private final ReadOnlyStringWrapper yaml = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper();

    /** While a loaded recipe fills the form, its own name stays whatever the fields it sets. */
    private boolean filling;

    public RecipeForm() {
        Observable[] fields = Stream.concat(Stream.of(name, kind, mode, perChannel, symmetric, reduceRange, method,
                percentile, samples, exclude, budget, precision, recipeSeed), Stream.of(finetune.observables()))
                .toArray(Observable[]::new);
        problem.bind(Bindings.createStringBinding(this::validate, fields));
        yaml.bind(Bindings.createStringBinding(
                () -> problem.get().isEmpty() ? new RecipeWriter().toYaml(recipe()) : "# " + problem.get(), fields));
        // A name the form chose follows the step it names; a name the user typed stays.
        kind.addListener((obs, old, now) -> renameIfDefault(defaultName(old, mode.get(), precision.get()),
                defaultName(now, mode.get(), precision.get())));
        mode.addListener((obs, old, now) -> renameIfDefault(defaultName(kind.get(), old, precision.get()),
                defaultName(kind.get(), now, precision.get())));
        precision.addListener((obs, old, now) -> renameIfDefault(defaultName(kind.get(), mode.get(), old),
                defaultName(kind.get(), mode.get(), now)));
    }

    private void renameIfDefault(String before, String after) {
        if (!filling && before.equals(name.get())) {
            name.set(after);
        }
    }

    /** {@code int8-static}, {@code fp16}, {@code finetune}: what the form calls a recipe until the user names it. */
    static String defaultName(Kind kind, Mode mode, Precision precision) {
        return switch (kind) {
            case QUANTIZE -> mode == Mode.WEIGHT_ONLY ? "weight-only" : "int8-" + mode.name().toLowerCase(java.util.Locale.ROOT);
            case CONVERT -> precision.yamlName();
            case FINETUNE -> "finetune";
        };
    }

    private String validate() {
        try {
            recipe();
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The recipe the form describes; throws {@link IllegalArgumentException} naming the field when it cannot. */
    public Recipe recipe() {
        String n = name.get() == null ? "" : name.get().strip();
        if (n.isEmpty()) {
            throw new IllegalArgumentException("Name: give the variant a short name, like int8-static");
        }
        RecipeStep step = switch (kind.get()) {
            case CONVERT -> new RecipeStep.Convert(precision.get());
            case FINETUNE -> new RecipeStep.Finetune(finetune.spec());
            case QUANTIZE -> new RecipeStep.Quantize(spec());
        };
        return new Recipe(Recipe.VERSION, n, recipeSeed.get(), List.of(step));
    }

    private QuantizeSpec spec() {
        double p = number(percentile.get(), "Percentile");
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("Percentile: must be above 0 and at most 100, like 99.99");
        }
        double s = number(samples.get(), "Samples");
        if (s < 1 || s != Math.rint(s)) {
            throw new IllegalArgumentException("Samples: must be a whole number of 1 or more, like 300");
        }
        Optional<Double> b = Optional.empty();
        if (budget.get() != null && !budget.get().isBlank()) {
            double v = number(budget.get(), "Accuracy budget");
            if (!(v > 0 && v < 1)) {
                throw new IllegalArgumentException("Accuracy budget: a top-1 drop between 0 and 1, like 0.005 for half "
                        + "a point; leave it empty for none");
            }
            b = Optional.of(v);
        }
        return new QuantizeSpec(mode.get(), perChannel.get(), symmetric.get(), reduceRange.get(),
                new QuantizeSpec.Calibration(method.get(), p, (int) s), excludeList(), b);
    }

    private List<String> excludeList() {
        String text = exclude.get() == null ? "" : exclude.get();
        return Arrays.stream(text.split("[,\\n]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static double number(String text, String field) {
        try {
            return Double.parseDouble(text == null ? "" : text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + (text == null ? "" : text.strip()) + "' is not a number");
        }
    }

    /** Fills the form from a parsed recipe; the form edits one step, so longer recipes are refused. */
    public void fill(Recipe recipe) throws RecipeException {
        if (recipe.steps().size() != 1) {
            throw new RecipeException("'" + recipe.name() + "' has " + recipe.steps().size() + " steps; the form edits "
                    + "one-step recipes (run longer ones with: lathe optimize MODEL --recipe FILE)");
        }
        RecipeStep step = recipe.steps().get(0);
        if (!(step instanceof RecipeStep.Convert) && !(step instanceof RecipeStep.Quantize)
                && !(step instanceof RecipeStep.Finetune)) {
            throw new RecipeException("'" + recipe.name() + "' is a " + step.kind() + " recipe; the form edits quantize, "
                    + "convert and finetune steps (run it with: lathe optimize MODEL --recipe FILE --train DATASET)");
        }
        filling = true;
        try {
            fillStep(recipe, step);
        } finally {
            filling = false;
        }
    }

    private void fillStep(Recipe recipe, RecipeStep step) {
        name.set(recipe.name());
        recipeSeed.set(recipe.seed());
        if (step instanceof RecipeStep.Convert c) {
            kind.set(Kind.CONVERT);
            precision.set(c.precision());
            return;
        }
        if (step instanceof RecipeStep.Finetune f) {
            kind.set(Kind.FINETUNE);
            finetune.fill(f.spec());
            return;
        }
        QuantizeSpec s = ((RecipeStep.Quantize) recipe.steps().get(0)).spec();
        kind.set(Kind.QUANTIZE);
        mode.set(s.mode());
        perChannel.set(s.perChannel());
        symmetric.set(s.symmetricActivations());
        reduceRange.set(s.reduceRange());
        method.set(s.calibration().method());
        percentile.set(plain(s.calibration().percentile()));
        samples.set(String.valueOf(s.calibration().samples()));
        exclude.set(String.join(", ", s.exclude()));
        budget.set(s.accuracyBudget().map(RecipeForm::plain).orElse(""));
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    public StringProperty nameProperty() {
        return name;
    }

    public ObjectProperty<Kind> kindProperty() {
        return kind;
    }

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public BooleanProperty perChannelProperty() {
        return perChannel;
    }

    public BooleanProperty symmetricProperty() {
        return symmetric;
    }

    public BooleanProperty reduceRangeProperty() {
        return reduceRange;
    }

    public ObjectProperty<CalibrationMethod> methodProperty() {
        return method;
    }

    public StringProperty percentileProperty() {
        return percentile;
    }

    public StringProperty samplesProperty() {
        return samples;
    }

    public StringProperty excludeProperty() {
        return exclude;
    }

    public StringProperty budgetProperty() {
        return budget;
    }

    public ObjectProperty<Precision> precisionProperty() {
        return precision;
    }

    /** The finetune step's fields, used when the kind is {@link Kind#FINETUNE}. */
    public FinetuneFields finetune() {
        return finetune;
    }

    public ReadOnlyStringProperty yamlProperty() {
        return yaml.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
