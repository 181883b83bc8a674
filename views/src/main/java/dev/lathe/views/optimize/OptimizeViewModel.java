package dev.lathe.views.optimize;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.variant.OptimizeRequest;
import dev.lathe.engine.quantize.LayerError;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.recipe.RecipeWriter;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.engine.variant.VariantRecipes;
import dev.lathe.views.chart.TrainingPoint;
import dev.lathe.views.common.RecipeParent;
import dev.lathe.views.common.ErrorSink;
import dev.lathe.views.common.Formats;
import dev.lathe.views.task.RunState;
import dev.lathe.views.task.TaskRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Optimize tab's state: the recipe form, the datasets, the run in progress with its training curve, and the
 * report of the variant it made. A made variant is handed to {@code made}, which lists it under its parent and
 * selects it.
 */
public final class OptimizeViewModel {
    private final Workbench workbench;
    private final TaskRunner tasks;
    private final ErrorSink errors;
    private final Consumer<ModelRecord> made;
    private final RecipeForm form = new RecipeForm();
    private final ReadOnlyObjectWrapper<ModelRecord> model = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<Path> calibration = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> evaluation = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> training = new SimpleObjectProperty<>();
    private final ObservableList<TrainingPoint> curve = FXCollections.observableArrayList();
    private final ObservableList<TrainingPoint> curveView = FXCollections.unmodifiableObservableList(curve);
    private final ReadOnlyStringWrapper trainingStatus = new ReadOnlyStringWrapper("");
    private TrainingFeed feed = new TrainingFeed();  // until the first run: one that never hears a batch
    private final ReadOnlyObjectWrapper<StoredVariant> report = new ReadOnlyObjectWrapper<>();
    private final RunState run = new RunState();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final StringBinding trainingProblem;
    private final BooleanBinding canRun;
    private final StringBinding status;

    /**
     * @param sampleDataset  the evaluation set until the user picks another; the calibration set too where there is
     *                       no training set
     * @param sampleTraining the training and calibration set until the user picks others: calibrating on the split the
     *                       evaluation scores would fit the ranges to the very examples that judge them
     */
    public OptimizeViewModel(Workbench workbench, TaskRunner tasks, ErrorSink errors, Optional<Path> sampleDataset,
                             Optional<Path> sampleTraining, Consumer<ModelRecord> made) {
        this.workbench = workbench;
        this.tasks = tasks;
        this.errors = errors;
        this.made = made;
        sampleDataset.ifPresent(evaluation::set);
        sampleTraining.or(() -> sampleDataset).ifPresent(calibration::set);
        sampleTraining.ifPresent(training::set);
        trainingProblem = Bindings.createStringBinding(() -> trainingProblem(form.recipeProperty().get()),
                form.recipeProperty(), training);
        StringBinding modelProblem = Bindings.createStringBinding(() -> RecipeParent.problem(model.get()), model);
        canRun = model.isNotNull().and(modelProblem.isEmpty()).and(form.problemProperty().isEmpty())
                .and(trainingProblem.isEmpty()).and(run.runningProperty().not());
        status = Bindings.createStringBinding(() -> !modelProblem.get().isEmpty() ? modelProblem.get()
                        : !form.problemProperty().get().isEmpty() ? form.problemProperty().get()
                        : !run.runningProperty().get() && !trainingProblem.get().isEmpty() ? trainingProblem.get()
                        : run.runningProperty().get() && !trainingStatus.get().isEmpty() ? trainingStatus.get()
                        : run.statusProperty().get(),
                modelProblem, form.problemProperty(), trainingProblem, run.runningProperty(), run.statusProperty(),
                trainingStatus);
    }

    /** What keeps a recipe whose steps train from running without a training set; empty when nothing does. */
    private String trainingProblem(Recipe recipe) {
        if (recipe == null || training.get() != null) {
            return "";
        }
        for (int i = 0; i < recipe.steps().size(); i++) {
            RecipeStep step = recipe.steps().get(i);
            if (step.trains()) {
                return "Train on: choose a labelled training set for " + (recipe.steps().size() == 1
                        ? "the " + step.kind() + " step" : "step " + (i + 1) + " (" + step.kind() + ")")
                        + " to train on";
            }
        }
        return "";
    }

    /** Shows another model; a run for the previous one is cancelled, the form keeps its recipe. */
    public void setModel(ModelRecord next) {
        if (run.runningProperty().get()) {
            run.cancel();
        }
        model.set(next);
        report.set(null);
        if (next == null) {
            return;
        }
        tasks.run("Reading how " + next.name() + " was made", p -> workbench.variant(next),
                v -> v.filter(x -> model.get() != null && model.get().sha256().equals(next.sha256()))
                        .ifPresent(report::set), errors::report);
    }

    /** Reads a recipe file in the background and fills the form; a bad recipe is reported naming its line. */
    public void load(Path file) {
        tasks.run("Reading " + file.getFileName(), p -> new RecipeParser().parse(file), this::fill, errors::report);
    }

    private void fill(Recipe recipe) {
        try {
            form.fill(recipe);
            note.set("Loaded " + recipe.name());
        } catch (Exception e) {
            errors.report(e);
        }
    }

    /** Writes the form's recipe, as the CLI reads it, in the background. */
    public void save(Path file) {
        Recipe recipe;
        try {
            recipe = form.recipe();
        } catch (IllegalArgumentException e) {
            errors.report(e);
            return;
        }
        String yaml = new RecipeWriter().toYaml(recipe);
        tasks.run("Saving " + file.getFileName(), p -> Files.writeString(file, yaml, StandardCharsets.UTF_8),
                written -> note.set("Saved " + file), errors::report);
    }

    public void run() {
        if (!canRun.get()) {
            return;
        }
        runOn(model.get(), form.recipe());
    }

    /**
     * "Keep this layer in float": writes the layer into the recipe that made the variant on show (the form then shows
     * it) and runs that recipe again on the variant's parent, making a sibling with the layer left in float.
     */
    public void keepInFloat(LayerError layer) {
        StoredVariant shown = report.get();
        if (shown == null || run.runningProperty().get()) {
            return;
        }
        Recipe recipe;
        try {
            recipe = VariantRecipes.keepingInFloat(shown, layer.node());
            form.fill(recipe);
        } catch (RecipeException e) {
            errors.report(e);
            return;
        }
        note.set("Added " + layer.node() + " to the recipe's exclude list");
        runOnParentOf(shown, recipe);
    }

    /**
     * Makes {@code variant} again with {@code reduce_range: auto} (weights no CPU's int8 kernels saturate): the recipe
     * that made it, so changed, fills the form and runs on its parent, making a sibling named {@code …-safe}.
     */
    public void remakeWithSafeWeights(ModelRecord variant) {
        if (run.runningProperty().get()) {
            errors.report(new RecipeException("A recipe is running; make " + variant.name() + " again when it ends"));
            return;
        }
        tasks.run("Reading how " + variant.name() + " was made", p -> workbench.variant(variant), made -> {
            if (made.isEmpty()) {
                errors.report(new RecipeException(variant.name() + " was not made by Lathe, so there is no recipe to "
                        + "run again; quantize its float original with reduce_range: auto"));
                return;
            }
            try {
                Recipe recipe = VariantRecipes.withSafeWeights(made.get());
                form.fill(recipe);
                note.set("reduce_range: auto, so that no CPU's int8 kernels saturate");
                runOnParentOf(made.get(), recipe);
            } catch (RecipeException e) {
                errors.report(e);
            }
        }, errors::report);
    }

    private void runOnParentOf(StoredVariant shown, Recipe recipe) {
        String parentSha = shown.model().parentSha256().orElseThrow();
        tasks.run("Finding the parent of " + shown.model().name(), p -> workbench.model(parentSha), parent -> {
            if (parent.isEmpty()) {
                errors.report(new RecipeException("The model " + shown.model().name() + " was made from is no longer "
                        + "in the store; open it again, then run the recipe on it"));
            } else if (!run.runningProperty().get()) {
                runOn(parent.get(), recipe);
            }
        }, errors::report);
    }

    private void runOn(ModelRecord target, Recipe recipe) {
        OptimizeRequest request = new OptimizeRequest(recipe, Optional.ofNullable(calibration.get()),
                Optional.ofNullable(evaluation.get()), Optional.ofNullable(training.get()));
        TrainingFeed heard = new TrainingFeed(recipe);
        feed = heard;
        curve.clear();
        trainingStatus.set("");
        int id = run.begin("Optimizing " + target.name() + " with " + recipe.name());
        Optional<Path> calibratedOn = request.calibration();
        run.attach(id, tasks.run("Optimizing " + target.name(),
                p -> workbench.optimize(target, request.withListener(heard), p),
                variants -> finished(id, variants, calibratedOn),
                error -> {
                    drainTraining();
                    if (run.fail(id, error)) {
                        errors.report(error);
                    }
                }));
    }

    /**
     * Moves the training figures measured since the last call into {@link #trainingCurve()} and the status line.
     * The view calls this a few times a second while a run goes on, so the chart redraws at that pace, not per batch.
     */
    public void drainTraining() {
        List<TrainingPoint> latest = feed.drain();
        if (!latest.isEmpty()) {
            curve.addAll(latest);
        }
        trainingStatus.set(feed.status());
    }

    /** "Made cnn.int8.onnx: 454 KiB, top-1 93.1 % on t10k-images-idx3-ubyte.gz, calibrated on train-images…". */
    private void finished(int id, List<StoredVariant> variants, Optional<Path> calibration) {
        drainTraining();
        StoredVariant last = variants.get(variants.size() - 1);
        boolean calibrated = variants.stream().anyMatch(StoredVariant::calibrated);
        String summary = "Made " + last.model().name() + ": " + Formats.bytes(last.model().fileBytes())
                + last.evaluation().map(e -> ", top-1 " + Formats.percent(e.result().top1()) + " on "
                        + e.datasetName()).orElse("")
                + calibration.filter(c -> calibrated).map(c -> ", calibrated on " + c.getFileName()).orElse("");
        if (run.end(id, summary)) {
            made.accept(last.model());
            report.set(last);
        }
    }

    public void cancel() {
        run.cancel();
    }

    public RecipeForm form() {
        return form;
    }

    public ReadOnlyObjectProperty<ModelRecord> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ObjectProperty<Path> calibrationProperty() {
        return calibration;
    }

    public ObjectProperty<Path> evaluationProperty() {
        return evaluation;
    }

    /**
     * The labelled set finetune, distill and gradual prune steps learn from; null trains on nothing (a recipe with
     * such a step then does not run, and the status says why).
     */
    public ObjectProperty<Path> trainingProperty() {
        return training;
    }

    /**
     * The last run's loss and accuracy, as far as it got, across all its trainings (a prune's cuts, a recipe's
     * steps), each point labelled with the one it belongs to; empty for runs that did not train.
     */
    public ObservableList<TrainingPoint> trainingCurve() {
        return curveView;
    }

    /**
     * Why the model cannot run (a format with no runtime yet), else the form's problem, else a missing training set,
     * else the training's "epoch 2 of 3, loss 0.41, ETA 1 min 20 s" (with the step and cut that train, in a run that
     * trains more than once), else the run's status.
     */
    public StringBinding statusProperty() {
        return status;
    }

    /** How the variant on show was made, or null for a model that is no variant. */
    public ReadOnlyObjectProperty<StoredVariant> reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** The last file saved, for the line under the YAML. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    public RunState runState() {
        return run;
    }

    public BooleanBinding canRunProperty() {
        return canRun;
    }
}
