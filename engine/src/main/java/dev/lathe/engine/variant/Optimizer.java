package dev.lathe.engine.variant;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.eval.ClassLabels;
import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.quantize.AccuracyAwareQuantizer;
import dev.lathe.engine.quantize.CalibrationData;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.engine.store.VariantStore.NewVariant;
import dev.lathe.engine.train.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a recipe to a model: reads training and calibration data, runs the steps, evaluates each variant when a dataset is
 * given, copies the variants where the request says, and only then stores everything. Any failure or cancel removes
 * the files this run wrote, copies included, so nothing half-made is left in the store or on disk.
 */
public final class Optimizer {
    private static final Logger LOG = LoggerFactory.getLogger(Optimizer.class);
    private final ExperimentStore store;
    private final Device device;
    private final RecipeRunner runner;

    public Optimizer(ExperimentStore store, Device device, RecipeRunner runner) {
        this.store = store;
        this.device = device;
        this.runner = runner;
    }

    /** @param parent checked by the caller to be the very file the store knows */
    public List<StoredVariant> optimize(ModelRecord parent, OptimizeRequest request, Progress progress)
            throws LatheException {
        Recipe recipe = request.recipe();
        Optional<Path> evalDataset = request.evaluation();
        check(parent, request);
        List<Path> written = new ArrayList<>();
        try {
            Optional<TrainingData> training = request.training().isPresent() && recipe.steps().stream().anyMatch(RecipeStep::trains)
                    ? Optional.of(TrainingSets.open(parent, request.training().get(), progress)) : Optional.empty();
            Optional<CalibrationData> calibration = calibration(parent, recipe, request.calibration(), progress);
            Optional<Dataset> eval = evalDataset.isPresent() ? Optional.of(Datasets.open(evalDataset.get())) : Optional.empty();
            Optional<String> evalSha = eval.isPresent() ? Optional.of(eval.get().sha256()) : Optional.empty();
            Optional<AccuracyAwareQuantizer.AccuracyProbe> probe = eval.isPresent()
                    ? Optional.of(probe(eval.get(), evalDataset.get(), progress)) : Optional.empty();
            RecipeRun run = runner.run(new RecipeRunner.Start(parent.path(), parent.format(), parent.inputShape(),
                    parent.sha256(), parent.name(), calibration, evalSha, probe, training, request.listener()), recipe,
                    progress);
            written.addAll(run.written());
            List<NewVariant> made = run.variants();
            List<EvaluationResult> results = new ArrayList<>();
            for (NewVariant v : made) {
                if (eval.isPresent()) {
                    progress.stage("evaluating " + v.summary().fileName());
                    EvalRequest evalRequest = EvalRequest.of(evalDataset.get());
                    ModelHandle handle = new ModelHandle(v.file(), v.summary().format(), v.inputShape(),
                            v.file().getFileName().toString(), Optional.of(v.summary().sha256()));
                    results.add(ClassLabels.named(device.evaluate(handle, eval.get(), evalRequest, progress),
                            v.summary()));
                }
            }
            if (eval.isPresent()) {
                checkBudgets(parent, recipe, new Evaluation(eval.get(), evalDataset.get(), evalSha.get()), results, progress);
            }
            List<VariantCopies.VariantFile> copies = new ArrayList<>();
            for (NewVariant v : made) {
                copies.add(new VariantCopies.VariantFile(v.summary().fileName(), v.file(), store.variants()
                        .variant(v.summary().sha256()).map(StoredVariant::provenance).orElse(v.provenance())));
            }
            request.copies().write(copies, written);
            List<StoredVariant> stored = store.variants().add(made);
            written.clear();  // the store now points at these files: they stay, whatever happens next
            return withEvaluations(stored, eval, evalDataset, evalSha, results);
        } catch (LatheException | RuntimeException | Error e) {
            RecipeRun.discard(written, e);
            throw e;
        }
    }

    private List<StoredVariant> withEvaluations(List<StoredVariant> stored, Optional<Dataset> eval, Optional<Path> evalPath,
                                                Optional<String> evalSha, List<EvaluationResult> results)
            throws LatheException {
        if (eval.isEmpty()) {
            return stored;
        }
        List<StoredVariant> out = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            StoredVariant v = stored.get(i);
            StoredEvaluation e = store.addEvaluation(v.model().sha256(), device.describe(), eval.get().name(),
                    evalPath.get(), evalSha.get(), results.get(i));
            out.add(new StoredVariant(v.model(), v.provenance(), v.report(), Optional.of(e)));
        }
        return out;
    }

    private record Evaluation(Dataset data, Path path, String sha256) {
    }

    /**
     * A quantize step with an accuracy_budget keeps its variant only if top-1 fell by at most that much from the
     * step's input model: the first step's against the parent, later ones against the variant before them.
     */
    private void checkBudgets(ModelRecord parent, Recipe recipe, Evaluation eval, List<EvaluationResult> results,
                              Progress progress) throws LatheException {
        for (int i = 0; i < results.size(); i++) {
            if (!(recipe.steps().get(i) instanceof RecipeStep.Quantize q) || q.spec().accuracyBudget().isEmpty()) {
                continue;
            }
            double budget = q.spec().accuracyBudget().get();
            double before = i == 0 ? parentTop1(parent, eval, progress) : results.get(i - 1).top1();
            double after = results.get(i).top1();
            if (before - after > budget) {
                throw new RecipeException(String.format(java.util.Locale.ROOT, "recipe %s, step %d: top-1 fell from "
                        + "%.2f %% to %.2f %% on %s, a drop of %.2f points, more than its accuracy_budget of %.2f points; "
                        + "nothing was kept. Exclude the layers that lose most, or raise the budget", recipe.name(), i + 1,
                        before * 100, after * 100, eval.data().name(), (before - after) * 100, budget * 100));
            }
        }
    }

    /** The parent's top-1 on the whole evaluation dataset: a stored figure when there is one, else measured now. */
    private double parentTop1(ModelRecord parent, Evaluation eval, Progress progress) throws LatheException {
        Optional<StoredEvaluation> known = store.evaluations(parent.sha256()).stream()
                .filter(e -> e.datasetSha256().equals(eval.sha256()) && e.result().samples() == eval.data().size())
                .findFirst();
        if (known.isPresent()) {
            return known.get().result().top1();
        }
        ModelHandle handle = ModelHandle.verified(parent.path(), parent.format(), parent.inputShape(), parent.sha256());
        return device.evaluate(handle, eval.data(), EvalRequest.of(eval.path()), progress).top1();
    }

    /** Everything a run needs is checked before any work, so a mistake costs no calibration or training time. */
    private static void check(ModelRecord parent, OptimizeRequest request) throws RecipeException {
        Recipe recipe = request.recipe();
        for (int i = 0; i < recipe.steps().size(); i++) {
            RecipeStep step = recipe.steps().get(i);
            String where = "recipe " + recipe.name() + ", step " + (i + 1) + " (" + step.kind();
            Optional<String> refused = parent.format() == ModelFormat.TORCHSCRIPT
                    ? TorchScriptRecipes.refusal(step, parent.name()) : Optional.empty();
            if (refused.isPresent()) {
                throw new RecipeException(where + "): " + refused.get());
            }
            if (step.trains() && request.training().isEmpty()) {
                throw new RecipeException(where + ") trains the model, so it needs a labelled training set: give one "
                        + "(--train DATASET)");
            }
            if (step instanceof RecipeStep.Quantize q) {
                check(where + ", mode " + q.spec().mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                        + ")", q.spec(), request);
            }
        }
    }

    private static void check(String where, QuantizeSpec spec, OptimizeRequest request) throws RecipeException {
        if (spec.mode() == QuantizeSpec.Mode.STATIC && request.calibration().isEmpty()) {
            throw new RecipeException(where + " needs calibration data: give a calibration dataset (--calib DATASET)");
        }
        if (spec.accuracyBudget().isPresent() && (request.evaluation().isEmpty() || request.calibration().isEmpty())) {
            throw new RecipeException(where + " has an accuracy_budget, which needs an evaluation dataset "
                    + "(--data DATASET) to measure top-1 and calibration data (--calib DATASET) to rank layers");
        }
    }

    /**
     * Examples for the steps that calibrate or rank layers, and for every quantize step's per-layer error report. Data
     * that only a report would use and that does not fit the model costs the report, not the run.
     */
    private static Optional<CalibrationData> calibration(ModelRecord parent, Recipe recipe, Optional<Path> dataset,
                                                         Progress progress) throws LatheException {
        List<QuantizeSpec> specs = recipe.steps().stream().filter(s -> s instanceof RecipeStep.Quantize)
                .map(s -> ((RecipeStep.Quantize) s).spec()).toList();
        if (specs.isEmpty() || dataset.isEmpty()) {
            return Optional.empty();
        }
        boolean needed = specs.stream().anyMatch(RecipeRunner::usesCalibration);
        int samples = specs.stream().mapToInt(s -> RecipeRunner.usesCalibration(s) ? s.calibration().samples()
                : Math.min(s.calibration().samples(), QuantizeSteps.LAYER_ERROR_EXAMPLES)).max().orElseThrow();
        try {
            return Optional.of(CalibrationSets.load(parent.name(), parent.summary().inputs().get(0), parent.inputShape(),
                    dataset.get(), samples, recipe.seed(), progress));
        } catch (CancelledException e) {
            throw e;
        } catch (LatheException e) {
            if (needed) {
                throw e;
            }
            LOG.info("No per-layer error report for {}: {}", parent.name(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Top-1 of a candidate model on the evaluation dataset, for accuracy-aware steps; the file lives only meanwhile. */
    private AccuracyAwareQuantizer.AccuracyProbe probe(Dataset data, Path path, Progress progress) {
        return model -> {
            try {
                Path tmp = Files.createTempFile("lathe-candidate-", ".onnx");
                try {
                    model.write(tmp);
                    return device.evaluate(new ModelHandle(tmp, ModelFormat.ONNX, Optional.empty()), data,
                            EvalRequest.of(path), progress).top1();
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException e) {
                throw new RecipeException("Cannot write a candidate model to measure its accuracy: " + e.getMessage(), e);
            }
        };
    }
}
