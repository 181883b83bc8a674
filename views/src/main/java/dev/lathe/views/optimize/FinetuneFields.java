package dev.lathe.views.optimize;

import dev.lathe.engine.train.FineTuneConfig;
import dev.lathe.engine.train.FinetuneSpec;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

/**
 * A finetune step's fields, as text the user types, with the checks that name the field at fault. Apart from
 * {@link StepFields} so a step stays about which kind it is, not about every kind's settings.
 */
public final class FinetuneFields {
    private final StringProperty epochs = new SimpleStringProperty(String.valueOf(FinetuneSpec.DEFAULT_EPOCHS));
    private final StringProperty learningRate = new SimpleStringProperty(plain(FinetuneSpec.DEFAULT_LEARNING_RATE));
    private final StringProperty batch = new SimpleStringProperty(String.valueOf(FinetuneSpec.DEFAULT_BATCH));
    private final ObjectProperty<FineTuneConfig.Optimizer> optimizer =
            new SimpleObjectProperty<>(FinetuneSpec.DEFAULT_OPTIMIZER);
    private final StringProperty examples = new SimpleStringProperty("");
    private final StringProperty seed = new SimpleStringProperty("0");

    List<ObservableValue<?>> observables() {
        return List.of(epochs, learningRate, batch, optimizer, examples, seed);
    }

    /** The step the fields describe; throws {@link IllegalArgumentException} naming the field when they cannot. */
    FinetuneSpec spec() {
        int e = count(epochs.get(), "Epochs", "like 3");
        double lr = StepFields.number(learningRate.get(), "Learning rate");
        if (!(lr > 0 && lr < 1)) {
            throw new IllegalArgumentException("Learning rate: must be above 0 and below 1, like 0.001");
        }
        int b = count(batch.get(), "Batch", "like 64");
        Optional<Integer> limit = examples.get() == null || examples.get().isBlank() ? Optional.empty()
                : Optional.of(count(examples.get(), "Examples", "like 5000, or empty for the whole training set"));
        long s;
        try {
            s = Long.parseLong(seed.get() == null ? "" : seed.get().strip());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("Seed: '" + seed.get() + "' is not a whole number");
        }
        return new FinetuneSpec(e, lr, b, optimizer.get(), s, limit);
    }

    void fill(FinetuneSpec spec) {
        epochs.set(String.valueOf(spec.epochs()));
        learningRate.set(plain(spec.learningRate()));
        batch.set(String.valueOf(spec.batch()));
        optimizer.set(spec.optimizer());
        examples.set(spec.examples().map(String::valueOf).orElse(""));
        seed.set(String.valueOf(spec.seed()));
    }

    private static int count(String text, String field, String example) {
        double v = StepFields.number(text, field);
        if (v < 1 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(field + ": must be a whole number of 1 or more, " + example);
        }
        return (int) v;
    }

    private static String plain(double value) {
        return StepFields.plain(value);
    }

    /** For the list of steps: {@code 2 epochs, lr 0.001}. */
    String summary() {
        String e = epochs.get() == null ? "" : epochs.get().strip();
        return e + (e.equals("1") ? " epoch" : " epochs") + ", lr " + (learningRate.get() == null ? ""
                : learningRate.get().strip());
    }

    public StringProperty epochsProperty() {
        return epochs;
    }

    public StringProperty learningRateProperty() {
        return learningRate;
    }

    public StringProperty batchProperty() {
        return batch;
    }

    public ObjectProperty<FineTuneConfig.Optimizer> optimizerProperty() {
        return optimizer;
    }

    public StringProperty examplesProperty() {
        return examples;
    }

    public StringProperty seedProperty() {
        return seed;
    }
}
