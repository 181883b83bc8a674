package dev.lathe.views.benchmark;

import dev.lathe.engine.bench.BenchConfig;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * How a benchmark runs, as a form edits it: warm-up and counted runs, a minimum duration, batch and threads. The
 * Benchmark tab and the Board wall share it, so the two forms offer and check the same settings.
 */
public final class BenchSettings {
    private final ObjectProperty<Integer> warmup = new SimpleObjectProperty<>(BenchConfig.DEFAULT.warmup());
    private final ObjectProperty<Integer> iterations = new SimpleObjectProperty<>(BenchConfig.DEFAULT.iterations());
    private final ObjectProperty<Double> seconds = new SimpleObjectProperty<>(0.0);
    private final ObjectProperty<Integer> batch = new SimpleObjectProperty<>(1);
    private final ObjectProperty<Integer> threads = new SimpleObjectProperty<>(1);

    /** What is wrong with the settings, for the form to show; empty when they can run. */
    public String problem() {
        if (warmup.get() == null || warmup.get() < 0) {
            return "Warm-up runs must be 0 or more";
        }
        if (seconds.get() == null || seconds.get() < 0) {
            return "Minimum duration must be 0 or more seconds";
        }
        if (iterations.get() == null || iterations.get() < 1) {
            return "Runs must be 1 or more";
        }
        if (batch.get() == null || batch.get() < 1) {
            return "Batch must be 1 or more";
        }
        if (threads.get() == null || threads.get() < 1) {
            return "Threads must be 1 or more";
        }
        try {
            config();  // the engine's bounds (10 million runs, 24 hours…), in its words
        } catch (IllegalArgumentException outOfBounds) {
            String message = outOfBounds.getMessage();
            return Character.toUpperCase(message.charAt(0)) + message.substring(1);
        }
        return "";
    }

    /** The properties {@link #problem()} reads, for a binding that follows it. */
    public Observable[] fields() {
        return new Observable[] {warmup, iterations, seconds, batch, threads};
    }

    /** The configuration the settings describe; only valid when {@link #problem()} is empty. */
    public BenchConfig config() {
        return new BenchConfig(warmup.get(), iterations.get(), seconds.get(), batch.get(), threads.get(),
                Optional.empty());
    }

    public ObjectProperty<Integer> warmupProperty() {
        return warmup;
    }

    public ObjectProperty<Integer> iterationsProperty() {
        return iterations;
    }

    public ObjectProperty<Double> secondsProperty() {
        return seconds;
    }

    public ObjectProperty<Integer> batchProperty() {
        return batch;
    }

    public ObjectProperty<Integer> threadsProperty() {
        return threads;
    }
}
