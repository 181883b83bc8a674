package dev.lathe.views.wall;

import dev.lathe.engine.device.EvalRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The wall's evaluation settings: which labelled dataset, and how many of its first examples each device runs. */
public final class AccuracySettings {
    static final String DEFAULT_EXAMPLES = "1000";

    private final ObjectProperty<Path> dataset = new SimpleObjectProperty<>();
    private final StringProperty examples = new SimpleStringProperty(DEFAULT_EXAMPLES);

    AccuracySettings(Optional<Path> sampleDataset) {
        dataset.set(sampleDataset.orElse(null));
    }

    Observable[] fields() {
        return new Observable[] {dataset, examples};
    }

    /** What keeps an evaluation from starting, naming the field; empty when nothing does. */
    String problem() {
        if (dataset.get() == null) {
            return "Choose a labelled dataset to evaluate on (IDX, an image folder or a CSV file)";
        }
        if (!Files.exists(dataset.get())) {
            return "Examples: " + dataset.get() + " does not exist";
        }
        long n;
        try {
            n = Long.parseLong(examples.get().strip().replace("_", ""));
        } catch (NumberFormatException e) {
            return "Examples: a whole number of 1 or more, like " + DEFAULT_EXAMPLES + ", not '" + examples.get() + "'";
        }
        if (n < 1 || n > Integer.MAX_VALUE) {
            return "Examples: a whole number of 1 or more, like " + DEFAULT_EXAMPLES;
        }
        return "";
    }

    /** The first {@code examples} examples of the dataset; call only when {@link #problem()} is empty. */
    EvalRequest request() {
        return EvalRequest.of(dataset.get()).withLimit(Integer.parseInt(examples.get().strip().replace("_", "")));
    }

    public ObjectProperty<Path> datasetProperty() {
        return dataset;
    }

    public StringProperty examplesProperty() {
        return examples;
    }
}
