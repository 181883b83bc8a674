package dev.lathe.views.optimize;

import dev.lathe.engine.quantize.QuantizeSpec.CalibrationMethod;
import dev.lathe.engine.quantize.QuantizeSpec.Mode;
import dev.lathe.engine.recipe.Precision;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.recipe.RecipeWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * A recipe as form fields: its name and a chain of steps (prune, then finetune, then quantize...), one of them
 * selected for editing. Validated here, with the whole recipe's YAML (as {@link RecipeWriter} writes it, so what the
 * form saves runs unchanged from the CLI) kept in sync. The accessors of a step's fields ({@link #kindProperty()},
 * {@link #modeProperty()}, {@link #finetune()}...) are the selected step's.
 */
public final class RecipeForm {
    /** What a step does: int8 quantization, half precision, more training, pruning, or distillation. */
    public enum Kind { QUANTIZE, CONVERT, FINETUNE, PRUNE, DISTILL }

    private final StringProperty name = new SimpleStringProperty();
    private final ObservableList<StepFields> steps = FXCollections.observableArrayList();
    private final ObservableList<StepFields> stepsView = FXCollections.unmodifiableObservableList(steps);
    private final ReadOnlyObjectWrapper<StepFields> selected = new ReadOnlyObjectWrapper<>();
    // Not a field on screen: kept from a loaded recipe so that saving it again changes nothing.
    private final SimpleLongProperty recipeSeed = new SimpleLongProperty(Recipe.DEFAULT_SEED);
    private final ReadOnlyStringWrapper yaml = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper trains = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Recipe> recipe = new ReadOnlyObjectWrapper<>();
    private final ChangeListener<Number> stepChanged = (obs, old, now) -> refresh();

    /** The name the form chose last; while the recipe's name is still that one, it follows the steps. */
    private String defaultName;
    /** While a loaded recipe fills the form, its own name stays whatever the fields it sets. */
    private boolean filling;

    public RecipeForm() {
        StepFields first = new StepFields(Kind.QUANTIZE);
        defaultName = first.defaultName();
        name.set(defaultName);
        steps.addListener((ListChangeListener<StepFields>) change -> {
            while (change.next()) {
                change.getRemoved().forEach(s -> s.revisionProperty().removeListener(stepChanged));
                change.getAddedSubList().forEach(s -> s.revisionProperty().addListener(stepChanged));
            }
            refresh();
        });
        name.addListener((obs, old, now) -> refresh());
        recipeSeed.addListener((obs, old, now) -> refresh());
        steps.add(first);
        selected.set(first);
    }

    /** Recomputes the recipe, its problem and YAML, and a default name, after any change. */
    private void refresh() {
        if (filling) {
            return;
        }
        String now = steps.stream().map(StepFields::defaultName).collect(Collectors.joining("-"));
        boolean follows = defaultName.equals(name.get());
        defaultName = now;
        if (follows && !now.equals(name.get())) {
            name.set(now);  // comes back here, with the name now following
            return;
        }
        trains.set(steps.stream().anyMatch(StepFields::trains));
        steps.forEach(StepFields::clearProblem);
        try {
            Recipe r = recipe();
            recipe.set(r);
            problem.set("");
            yaml.set(new RecipeWriter().toYaml(r));
        } catch (IllegalArgumentException e) {
            if (e instanceof StepProblem p) {
                p.step().showProblem(p.key(), p.fieldMessage());
            }
            recipe.set(null);
            problem.set(e.getMessage());
            yaml.set("# " + e.getMessage());
        }
    }

    /** The recipe the form describes; throws {@link IllegalArgumentException} naming the field when it cannot. */
    public Recipe recipe() {
        String n = name.get() == null ? "" : name.get().strip();
        if (n.isEmpty()) {
            throw new IllegalArgumentException("Name: give the variant a short name, like int8-static");
        }
        List<RecipeStep> built = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            StepFields step = steps.get(i);
            try {
                built.add(step.step(recipeSeed.get()));
            } catch (StepProblem e) {
                throw steps.size() == 1 ? e : e.inStep(i + 1);
            }
        }
        return new Recipe(Recipe.VERSION, n, recipeSeed.get(), built);
    }

    /** Fills the form from a parsed recipe: its name, seed and every step, the first one selected. */
    public void fill(Recipe loaded) {
        List<StepFields> filled = loaded.steps().stream().map(StepFields::of).toList();
        filling = true;
        try {
            name.set(loaded.name());
            recipeSeed.set(loaded.seed());
            steps.setAll(filled);
            selected.set(filled.get(0));
        } finally {
            filling = false;
        }
        defaultName = steps.stream().map(StepFields::defaultName).collect(Collectors.joining("-"));
        refresh();
    }

    /** Adds a step of {@code kind} after the selected one and selects it. */
    public StepFields addStep(Kind kind) {
        StepFields step = new StepFields(kind);
        steps.add(steps.indexOf(selected.get()) + 1, step);
        selected.set(step);
        return step;
    }

    /** Removes the selected step and selects its neighbour; a recipe keeps at least one step. */
    public void removeSelected() {
        if (steps.size() < 2) {
            return;
        }
        int at = steps.indexOf(selected.get());
        StepFields next = steps.get(at == steps.size() - 1 ? at - 1 : at + 1);
        steps.remove(at);
        selected.set(next);
    }

    /** Moves the selected step {@code by} places (-1 earlier, +1 later), as far as the list goes. */
    public void moveSelected(int by) {
        StepFields step = selected.get();
        int at = steps.indexOf(step);
        int to = Math.max(0, Math.min(steps.size() - 1, at + by));
        if (to != at) {
            steps.remove(at);
            steps.add(to, step);
            selected.set(step);
        }
    }

    /** Selects a step of {@link #steps()} for editing. */
    public void select(StepFields step) {
        if (steps.contains(step)) {
            selected.set(step);
        }
    }

    /** The recipe's steps in order; change them with {@link #addStep}, {@link #removeSelected}, {@link #moveSelected}. */
    public ObservableList<StepFields> steps() {
        return stepsView;
    }

    /** The step being edited. */
    public ReadOnlyObjectProperty<StepFields> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** The selected step's kind. */
    public ObjectProperty<Kind> kindProperty() {
        return selected.get().kindProperty();
    }

    /** The selected step's quantize fields. */
    public QuantizeFields quantize() {
        return selected.get().quantize();
    }

    public ObjectProperty<Mode> modeProperty() {
        return quantize().modeProperty();
    }

    public BooleanProperty perChannelProperty() {
        return quantize().perChannelProperty();
    }

    public BooleanProperty symmetricProperty() {
        return quantize().symmetricProperty();
    }

    public ObjectProperty<dev.lathe.engine.quantize.QuantizeSpec.ReduceRange> reduceRangeProperty() {
        return quantize().reduceRangeProperty();
    }

    public ObjectProperty<CalibrationMethod> methodProperty() {
        return quantize().methodProperty();
    }

    public StringProperty percentileProperty() {
        return quantize().percentileProperty();
    }

    public StringProperty samplesProperty() {
        return quantize().samplesProperty();
    }

    public StringProperty excludeProperty() {
        return quantize().excludeProperty();
    }

    public StringProperty budgetProperty() {
        return quantize().budgetProperty();
    }

    public ObjectProperty<Precision> precisionProperty() {
        return selected.get().precisionProperty();
    }

    /** The selected step's finetune fields, used when its kind is {@link Kind#FINETUNE}. */
    public FinetuneFields finetune() {
        return selected.get().finetune();
    }

    /** The selected step's prune fields, used when its kind is {@link Kind#PRUNE}. */
    public PruneFields prune() {
        return selected.get().prune();
    }

    /** The selected step's distill fields, used when its kind is {@link Kind#DISTILL}. */
    public DistillFields distill() {
        return selected.get().distill();
    }

    /** The whole recipe as YAML, or {@code # } and the problem while there is one. */
    public ReadOnlyStringProperty yamlProperty() {
        return yaml.getReadOnlyProperty();
    }

    /**
     * What stops the form from being a recipe, in the recipe's own words (and naming the step, in a recipe of
     * several); else empty. The step at fault also shows the words beside the field ({@link StepFields#problemOf}).
     */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The recipe the form describes, or null while it has a problem. */
    public ReadOnlyObjectProperty<Recipe> recipeProperty() {
        return recipe.getReadOnlyProperty();
    }

    /** Whether any step trains (finetune, distill, a gradual prune), and so needs a training set. */
    public ReadOnlyBooleanProperty trainsProperty() {
        return trains.getReadOnlyProperty();
    }
}
