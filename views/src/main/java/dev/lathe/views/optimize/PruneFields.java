package dev.lathe.views.optimize;

import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.recipe.RecipeWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

/**
 * A prune step's fields, as the user sets them. They become the step's parameters keyed as a recipe writes them,
 * which {@link RecipeParser#step} checks by the very rules a recipe file is checked by: the form keeps no rules of
 * its own, and what it refuses a file would refuse too. The choices are the words a recipe allows
 * ({@link RecipeParser#choices}).
 */
public final class PruneFields {
    static final String KIND = "prune";
    /** The sparsity a new prune step starts from: half the weights (or channels). */
    private static final double FIRST_SPARSITY = 0.5;

    private final StringProperty method = new SimpleStringProperty();
    private final StringProperty structure = new SimpleStringProperty();
    private final StringProperty sparsity = new SimpleStringProperty();
    private final StringProperty scope = new SimpleStringProperty();
    private final StringProperty schedule = new SimpleStringProperty();
    private final StringProperty start = new SimpleStringProperty();
    private final StringProperty cuts = new SimpleStringProperty();
    private final StringProperty power = new SimpleStringProperty();
    private final StringProperty exclude = new SimpleStringProperty("");
    private final StringProperty examples = new SimpleStringProperty("");
    private final StringProperty learningRate = new SimpleStringProperty();

    /** The engine's defaults for a step that gives only its sparsity. */
    PruneFields() {
        try {
            fill((RecipeStep.Prune) new RecipeParser().step(KIND, Map.of("sparsity", FIRST_SPARSITY), 0));
        } catch (RecipeException e) {
            throw new IllegalStateException("the engine refuses its own default prune step", e);
        }
    }

    /** The words a recipe allows for {@code key} of a prune step, like {@code structure}. */
    static List<String> choices(String key) {
        return RecipeParser.choices(KIND, key);
    }

    List<ObservableValue<?>> observables() {
        return List.of(method, structure, sparsity, scope, schedule, start, cuts, power, exclude, examples,
                learningRate);
    }

    /** The step's parameters as a recipe writes them; a blank optional field is left out, so its default applies. */
    Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("method", method.get());
        p.put("structure", structure.get());
        StepFields.putTyped(p, "sparsity", sparsity.get());
        p.put("scope", scope.get());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", schedule.get());
        StepFields.putTyped(s, "start", start.get());
        StepFields.putTyped(s, "steps", cuts.get());
        StepFields.putTyped(s, "power", power.get());
        p.put("schedule", s);
        p.put("exclude", StepFields.list(exclude.get()));
        StepFields.putTyped(p, "examples", examples.get());
        StepFields.putTyped(p, "lr", learningRate.get());
        return p;
    }

    void fill(RecipeStep.Prune step) {
        Map<String, Object> p = RecipeWriter.parameters(step);
        method.set(StepFields.text(p.get("method")));
        structure.set(StepFields.text(p.get("structure")));
        sparsity.set(StepFields.text(p.get("sparsity")));
        scope.set(StepFields.text(p.get("scope")));
        Map<?, ?> s = (Map<?, ?>) p.get("schedule");
        schedule.set(StepFields.text(s.get("kind")));
        start.set(StepFields.text(s.get("start")));
        cuts.set(StepFields.text(s.get("steps")));
        power.set(StepFields.text(s.get("power")));
        exclude.set(String.join(", ", ((List<?>) p.get("exclude")).stream().map(String::valueOf).toList()));
        examples.set(StepFields.text(p.get("examples")));
        learningRate.set(StepFields.text(p.get("lr")));
    }

    /** Whether the step fine-tunes between cuts, and so needs a training set. */
    boolean trains() {
        return "gradual".equals(schedule.get());
    }

    /** For the list of steps: {@code channel 0.5, 3 cuts}. */
    String summary() {
        String s = structure.get() + " " + StepFields.text(sparsity.get());
        return trains() ? s + ", " + StepFields.text(cuts.get()) + " cuts" : s + ", one shot";
    }

    /** {@code magnitude} (L1) or {@code l2}. */
    public StringProperty methodProperty() {
        return method;
    }

    /** {@code unstructured} (zeroes single weights) or {@code channel} (removes filters and neurons). */
    public StringProperty structureProperty() {
        return structure;
    }

    /** The final fraction of weights or channels removed, like 0.8. */
    public StringProperty sparsityProperty() {
        return sparsity;
    }

    /** {@code global} or {@code per_layer}. */
    public StringProperty scopeProperty() {
        return scope;
    }

    /** {@code gradual} (fine-tunes between cuts) or {@code oneshot}. */
    public StringProperty scheduleProperty() {
        return schedule;
    }

    /** The first cut's sparsity. */
    public StringProperty startProperty() {
        return start;
    }

    /** How many cuts a gradual schedule makes (the recipe's {@code schedule.steps}). */
    public StringProperty cutsProperty() {
        return cuts;
    }

    public StringProperty powerProperty() {
        return power;
    }

    /** Node-name regexes never pruned, separated by commas or new lines. */
    public StringProperty excludeProperty() {
        return exclude;
    }

    /** Training examples each cut fine-tunes on; blank spreads the training set over the cuts. */
    public StringProperty examplesProperty() {
        return examples;
    }

    /** Adam's learning rate for the fine-tuning between cuts. */
    public StringProperty learningRateProperty() {
        return learningRate;
    }
}
