package dev.lathe.views.optimize;

import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.train.FineTuneConfig;
import dev.lathe.engine.train.FinetuneSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

/**
 * A finetune step's fields, as text the user types; the recipe's own rules check them, as {@link PruneFields}' are.
 * Apart from {@link StepFields} so a step stays about which kind it is, not about every kind's settings.
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

    /**
     * The step's parameters as a recipe writes them, the numbers as typed, for {@link RecipeParser#step} to check by
     * the rules of {@link FinetuneSpec}; a blank example limit (the whole set) or seed (the recipe's) is left out.
     */
    Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        StepFields.putTyped(p, "epochs", epochs.get());
        StepFields.putTyped(p, "lr", learningRate.get());
        StepFields.putTyped(p, "batch", batch.get());
        p.put("optimizer", optimizer.get().name().toLowerCase(Locale.ROOT));
        StepFields.putTyped(p, "seed", seed.get());
        StepFields.putTyped(p, "examples", examples.get());
        return p;
    }

    void fill(FinetuneSpec spec) {
        epochs.set(String.valueOf(spec.epochs()));
        learningRate.set(plain(spec.learningRate()));
        batch.set(String.valueOf(spec.batch()));
        optimizer.set(spec.optimizer());
        examples.set(spec.examples().map(String::valueOf).orElse(""));
        seed.set(String.valueOf(spec.seed()));
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
