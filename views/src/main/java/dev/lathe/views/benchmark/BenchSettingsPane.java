package dev.lathe.views.benchmark;

import javafx.beans.property.ObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

/** The spinners that edit {@link BenchSettings}, each under its label; ids start with the form's prefix. */
public final class BenchSettingsPane extends FlowPane {

    /**
     * @param idPrefix "bench" gives "bench-warmup", "bench-iterations", "bench-seconds", "bench-batch", "bench-threads"
     * @param runsHelp the tooltip of the counted runs, which says what they count
     */
    public BenchSettingsPane(BenchSettings settings, String idPrefix, String runsHelp) {
        super(14, 8);
        getChildren().addAll(
                labelled("Warm-up runs", integers(idPrefix + "-warmup", 0, 1_000_000, settings.warmupProperty(),
                        "Runs before measuring, not counted")),
                labelled("Runs", integers(idPrefix + "-iterations", 1, 10_000_000, settings.iterationsProperty(),
                        runsHelp)),
                labelled("Min. seconds", seconds(idPrefix + "-seconds", settings.secondsProperty())),
                labelled("Batch", integers(idPrefix + "-batch", 1, 4096, settings.batchProperty(), "Examples per run")),
                labelled("Threads", integers(idPrefix + "-threads", 1, 256, settings.threadsProperty(),
                        "Threads the runtime may use inside one run")));
    }

    /** A form control with its label above it, as the benchmark forms lay them out. */
    public static VBox labelled(String text, Node control) {
        Label label = new Label(text);
        label.getStyleClass().add("form-label");
        return new VBox(3, label, control);
    }

    private static Spinner<Double> seconds(String id, ObjectProperty<Double> value) {
        Spinner<Double> spinner = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(0, 3600, 0, 1));
        spinner.setId(id);
        spinner.setTooltip(new Tooltip("Keep measuring at least this long, even after the counted runs; 0 for off"));
        bind(spinner, value);
        return spinner;
    }

    private static Spinner<Integer> integers(String id, int min, int max, ObjectProperty<Integer> value, String help) {
        Spinner<Integer> spinner = new Spinner<>(min, max, value.get() == null ? min : value.get());
        spinner.setId(id);
        spinner.setTooltip(new Tooltip(help));
        bind(spinner, value);
        return spinner;
    }

    private static <T> void bind(Spinner<T> spinner, ObjectProperty<T> value) {
        spinner.setEditable(true);
        spinner.setPrefWidth(110);
        spinner.getValueFactory().valueProperty().bindBidirectional(value);
        // Typed text counts when focus leaves, not only on Enter, so Run never uses a stale number.
        spinner.focusedProperty().addListener((obs, was, now) -> {
            if (!now) {
                commit(spinner);
            }
        });
    }

    private static <T> void commit(Spinner<T> spinner) {
        try {
            T typed = spinner.getValueFactory().getConverter().fromString(spinner.getEditor().getText());
            if (typed != null) {
                spinner.getValueFactory().setValue(typed);
            }
        } catch (RuntimeException e) {
            spinner.getEditor().setText(spinner.getValueFactory().getConverter().toString(spinner.getValue()));
        }
    }
}
