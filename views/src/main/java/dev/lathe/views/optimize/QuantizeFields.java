package dev.lathe.views.optimize;

import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.quantize.QuantizeSpec.CalibrationMethod;
import dev.lathe.engine.quantize.QuantizeSpec.Mode;
import dev.lathe.engine.quantize.QuantizeSpec.ReduceRange;
import dev.lathe.engine.recipe.RecipeParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

/**
 * A quantize step's fields, as the user sets them. Like {@link PruneFields}, they become the step's parameters and
 * the recipe's own rules check them (a percentile above 50...), so what the form accepts a recipe file accepts.
 */
public final class QuantizeFields {
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.DYNAMIC);
    private final BooleanProperty perChannel = new SimpleBooleanProperty(true);
    private final BooleanProperty symmetric = new SimpleBooleanProperty();
    private final ObjectProperty<ReduceRange> reduceRange = new SimpleObjectProperty<>(ReduceRange.AUTO);
    private final ObjectProperty<CalibrationMethod> method =
            new SimpleObjectProperty<>(QuantizeSpec.Calibration.DEFAULT.method());
    private final StringProperty percentile =
            new SimpleStringProperty(StepFields.plain(QuantizeSpec.Calibration.DEFAULT.percentile()));
    private final StringProperty samples =
            new SimpleStringProperty(String.valueOf(QuantizeSpec.Calibration.DEFAULT.samples()));
    private final StringProperty exclude = new SimpleStringProperty("");
    private final StringProperty budget = new SimpleStringProperty("");

    List<ObservableValue<?>> observables() {
        return List.of(mode, perChannel, symmetric, reduceRange, method, percentile, samples, exclude, budget);
    }

    /**
     * The step's parameters as a recipe writes them, the numbers as typed: {@link RecipeParser#step} checks them by
     * the rules of {@link QuantizeSpec} itself, so the form keeps none of its own and refuses what a file would. A
     * blank accuracy budget is left out: none.
     */
    Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mode", mode.get().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        p.put("per_channel", perChannel.get());
        p.put("activations", symmetric.get() ? "symmetric" : "asymmetric");
        p.put("reduce_range", reduceRange.get().yaml());
        Map<String, Object> calibration = new LinkedHashMap<>();
        calibration.put("method", method.get().name().toLowerCase(Locale.ROOT));
        StepFields.putTyped(calibration, "percentile", percentile.get());
        StepFields.putTyped(calibration, "samples", samples.get());
        p.put("calibration", calibration);
        p.put("exclude", StepFields.list(exclude.get()));
        StepFields.putTyped(p, "accuracy_budget", budget.get());
        return p;
    }

    void fill(QuantizeSpec s) {
        mode.set(s.mode());
        perChannel.set(s.perChannel());
        symmetric.set(s.symmetricActivations());
        reduceRange.set(s.reduceRange());
        method.set(s.calibration().method());
        percentile.set(StepFields.plain(s.calibration().percentile()));
        samples.set(String.valueOf(s.calibration().samples()));
        exclude.set(String.join(", ", s.exclude()));
        budget.set(s.accuracyBudget().map(StepFields::plain).orElse(""));
    }

    /** For the list of steps: {@code static}, {@code dynamic, 2 excluded}. */
    String summary() {
        String m = mode.get() == null ? "" : mode.get().name().toLowerCase(Locale.ROOT).replace('_', '-');
        int excluded = StepFields.list(exclude.get()).size();
        return m + (excluded == 0 ? "" : ", " + excluded + " in float");
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

    public ObjectProperty<ReduceRange> reduceRangeProperty() {
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

    /** Node-name regexes and/or op types, separated by commas or new lines. */
    public StringProperty excludeProperty() {
        return exclude;
    }

    public StringProperty budgetProperty() {
        return budget;
    }
}
