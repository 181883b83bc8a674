package dev.lathe.views.optimize;

import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.recipe.RecipeWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

/**
 * A distill step's fields, as the user sets them. Like {@link PruneFields}, they become the step's parameters and
 * {@link RecipeParser#step} checks them by a recipe file's rules (a student narrower than its teacher, a temperature
 * and alpha in range...), so the form keeps no rules of its own.
 */
public final class DistillFields {
    static final String KIND = "distill";
    /** The student choice that keeps the teacher's own layers with fewer channels ({@code student: { width: W }}). */
    public static final String NARROWER = "narrower";
    /** The width a new distill step's narrower student starts from. */
    private static final double FIRST_WIDTH = 0.5;

    private final StringProperty student = new SimpleStringProperty(NARROWER);
    private final StringProperty width = new SimpleStringProperty(StepFields.plain(FIRST_WIDTH));
    private final StringProperty layers = new SimpleStringProperty("32, 64");
    private final StringProperty temperature = new SimpleStringProperty();
    private final StringProperty alpha = new SimpleStringProperty();
    private final StringProperty epochs = new SimpleStringProperty();
    private final StringProperty seed = new SimpleStringProperty();
    private final StringProperty examples = new SimpleStringProperty("");

    /** The engine's defaults for a step that names only its student. */
    DistillFields() {
        try {
            fill((RecipeStep.Distill) new RecipeParser().step(KIND, Map.of("student", Map.of("width", FIRST_WIDTH)), 0));
        } catch (RecipeException e) {
            throw new IllegalStateException("the engine refuses its own default distill step", e);
        }
    }

    /** {@link #NARROWER}, then the student families a recipe allows ({@code mlp}, {@code cnn}). */
    static List<String> students() {
        List<String> all = new ArrayList<>(List.of(NARROWER));
        all.addAll(RecipeParser.choices(KIND, "student.family"));
        return all;
    }

    List<ObservableValue<?>> observables() {
        return List.of(student, width, layers, temperature, alpha, epochs, seed, examples);
    }

    boolean narrower() {
        return NARROWER.equals(student.get());
    }

    /** The step's parameters as a recipe writes them; a blank optional field is left out, so its default applies. */
    Map<String, Object> parameters() {
        Map<String, Object> s = new LinkedHashMap<>();
        if (narrower()) {
            StepFields.putTyped(s, "width", width.get());
        } else {
            s.put("family", student.get());
            s.put("layers", StepFields.list(layers.get()).stream().map(StepFields::typed).toList());
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("student", s);
        StepFields.putTyped(p, "temperature", temperature.get());
        StepFields.putTyped(p, "alpha", alpha.get());
        StepFields.putTyped(p, "epochs", epochs.get());
        StepFields.putTyped(p, "seed", seed.get());
        StepFields.putTyped(p, "examples", examples.get());
        return p;
    }

    void fill(RecipeStep.Distill step) {
        Map<String, Object> p = RecipeWriter.parameters(step);
        Map<?, ?> s = (Map<?, ?>) p.get("student");
        if (s.containsKey("width")) {
            student.set(NARROWER);
            width.set(StepFields.text(s.get("width")));
        } else {
            student.set(StepFields.text(s.get("family")));
            layers.set(((List<?>) s.get("layers")).stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        temperature.set(StepFields.text(p.get("temperature")));
        alpha.set(StepFields.text(p.get("alpha")));
        epochs.set(StepFields.text(p.get("epochs")));
        seed.set(StepFields.text(p.get("seed")));
        examples.set(StepFields.text(p.get("examples")));
    }

    /** For the list of steps: {@code width 0.5, 5 epochs} or {@code cnn [32, 64], 4 epochs}. */
    String summary() {
        String who = narrower() ? "width " + width.get() : student.get() + " [" + layers.get() + "]";
        String e = epochs.get() == null ? "" : epochs.get().strip();
        return who + ", " + e + (e.equals("1") ? " epoch" : " epochs");
    }

    /** {@link #NARROWER} (the teacher with fewer channels), {@code mlp} or {@code cnn}. */
    public StringProperty studentProperty() {
        return student;
    }

    /** A narrower student's share of the teacher's channels, like 0.5. */
    public StringProperty widthProperty() {
        return width;
    }

    /** A family student's hidden sizes (mlp) or channel counts (cnn), separated by commas. */
    public StringProperty layersProperty() {
        return layers;
    }

    public StringProperty temperatureProperty() {
        return temperature;
    }

    /** The weight of the soft-target loss, from 0 to 1. */
    public StringProperty alphaProperty() {
        return alpha;
    }

    public StringProperty epochsProperty() {
        return epochs;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    /** Train on the first this many examples; blank trains on the whole set. */
    public StringProperty examplesProperty() {
        return examples;
    }
}
