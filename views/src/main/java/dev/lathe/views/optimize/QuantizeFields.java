package dev.lathe.views.optimize;

import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.quantize.QuantizeSpec.CalibrationMethod;
import dev.lathe.engine.quantize.QuantizeSpec.Mode;
import dev.lathe.engine.quantize.QuantizeSpec.ReduceRange;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

/** A quantize step's fields, as the user sets them, with the checks that name the field at fault. */
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

    /** The step the fields describe; throws {@link IllegalArgumentException} naming the field when they cannot. */
    QuantizeSpec spec() {
        double p = StepFields.number(percentile.get(), "Percentile");
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("Percentile: must be above 0 and at most 100, like 99.99");
        }
        double s = StepFields.number(samples.get(), "Samples");
        if (s < 1 || s != Math.rint(s)) {
            throw new IllegalArgumentException("Samples: must be a whole number of 1 or more, like 300");
        }
        Optional<Double> b = Optional.empty();
        if (budget.get() != null && !budget.get().isBlank()) {
            double v = StepFields.number(budget.get(), "Accuracy budget");
            if (!(v > 0 && v < 1)) {
                throw new IllegalArgumentException("Accuracy budget: a top-1 drop between 0 and 1, like 0.005 for half "
                        + "a point; leave it empty for none");
            }
            b = Optional.of(v);
        }
        return new QuantizeSpec(mode.get(), perChannel.get(), symmetric.get(), reduceRange.get(),
                new QuantizeSpec.Calibration(method.get(), p, (int) s), StepFields.list(exclude.get()), b);
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
        String m = mode.get() == null ? "" : mode.get().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
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
