package dev.lathe.engine.variant;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.train.TrainingListener;
import dev.lathe.engine.fidelity.SyntheticInputs;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.inspect.ModelInspector;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.model.onnx.ExternalData;
import dev.lathe.engine.model.onnx.OnnxInspector;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.provenance.Provenance;
import dev.lathe.engine.prune.PruneReport;
import dev.lathe.engine.prune.PruneResult;
import dev.lathe.engine.prune.PruneSchedule;
import dev.lathe.engine.quantize.AccuracyAwareQuantizer;
import dev.lathe.engine.quantize.CalibrationData;
import dev.lathe.engine.quantize.LayerError;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.quantize.QuantizedModel;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.recipe.RecipeWriter;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.NativeCrashException;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.SessionOptions;
import dev.lathe.engine.store.PruningSummary;
import dev.lathe.engine.store.TrainingSummary;
import dev.lathe.engine.store.VariantReport;
import dev.lathe.engine.store.VariantStore.NewVariant;
import dev.lathe.engine.train.EpochResult;
import dev.lathe.engine.train.TrainedModel;
import dev.lathe.engine.train.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a recipe's steps one after another, each on the previous step's output, and writes every result under the
 * variant folder as {@code <sha256>.onnx} ({@code <sha256>.pt} for TorchScript, see {@link TorchScriptRecipes}). Each
 * file is loaded and run once before it counts as made. Files this run created are listed in {@code written} so that
 * a caller can remove them if anything later fails.
 */
public final class RecipeRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RecipeRunner.class);
    private final QuantizeStepRunner steps;
    private final TrainingStepRunner training;
    private final Runtimes runtimes;
    private final Path variantDir;
    private final TorchScriptRecipes torchScript;

    /** @param inspector summarises variants of formats whose files Lathe does not build itself (TorchScript) */
    public RecipeRunner(QuantizeStepRunner steps, TrainingStepRunner training, Runtimes runtimes,
                        ModelInspector inspector, Path variantDir) {
        this.steps = steps;
        this.training = training;
        this.runtimes = runtimes;
        this.variantDir = variantDir;
        this.torchScript = new TorchScriptRecipes(training, runtimes, inspector, variantDir);
    }

    /**
     * Where a run starts from and what it saw: the parent's file and format, its name and the input shape a user gave
     * for it (models with open dimensions may run only at some sizes), the data given and the hashes of the data used,
     * and who hears training steps' figures.
     */
    public record Start(Path file, ModelFormat format, Optional<long[]> inputShape, String sha256, String name,
                        Optional<CalibrationData> calibration, Optional<String> evaluationDatasetSha256,
                        Optional<AccuracyAwareQuantizer.AccuracyProbe> probe, Optional<TrainingData> training,
                        TrainingListener listener) {
    }

    /** What one step made: the model and what changed in it, and how training went for a step that trained. */
    private record Made(QuantizedModel result, Optional<TrainingSummary> training, Optional<PruningSummary> pruning) {
        Made(QuantizedModel result) {
            this(result, Optional.empty(), Optional.empty());
        }
    }

    public void run(Start start, Recipe recipe, List<NewVariant> made, List<Path> written, Progress progress)
            throws LatheException {
        if (start.format() == ModelFormat.TORCHSCRIPT) {
            torchScript.run(start, recipe, made, written, progress);
            return;
        }
        // Variants are written elsewhere and quantization hands models to ONNX Runtime as bytes: bring the data in.
        OnnxModel current = ExternalData.inline(OnnxModel.read(start.file()), start.file()).named(start.name());
        Path currentFile = start.file();
        String currentSha = start.sha256();
        for (int i = 0; i < recipe.steps().size(); i++) {
            RecipeStep step = recipe.steps().get(i);
            CancelledException.checkpoint("Recipe " + recipe.name());
            progress.report(i, recipe.steps().size(), "Step " + (i + 1) + " of " + recipe.steps().size() + ": " + step.kind());
            progress.stage(stageName(i, recipe, step));
            start.listener().recipeStep(i + 1, recipe.steps().size(), step.kind());
            Made outcome = apply(step, current, currentFile, start, "recipe " + recipe.name() + ", step " + (i + 1),
                    seed(recipe, step), progress);
            QuantizedModel result = outcome.result();
            String name = variantName(start.name(), recipe, i, ".onnx");
            byte[] bytes = result.model().toBytes();
            String sha = Hashing.sha256(bytes);
            Path file = write(result.model(), sha, written);
            checkRuns(file, name, currentFile, start);
            ModelSummary summary = new OnnxInspector().summarize(result.model(), name, sha, bytes.length);
            made.add(new NewVariant(summary, file, provenance(start, recipe, i, currentSha, runtimes)
                    .withRan(result.ran()).withVariant(sha), withTraining(report(step, current, result, start, progress), outcome)));
            current = result.model().named(name);
            currentFile = file;
            currentSha = sha;
        }
    }

    private Made apply(RecipeStep step, OnnxModel model, Path file, Start start, String where, long seed,
                       Progress progress) throws LatheException {
        if (step instanceof RecipeStep.Convert c) {
            return new Made(steps.convert(model, c.precision(), progress));
        }
        if (step instanceof RecipeStep.Finetune f) {
            TrainingData data = start.training().orElseThrow(() -> new RecipeException(where + " (finetune) needs a "
                    + "training set: give one (--train DATASET)"));
            TrainedModel trained = training.finetune(start.name(), model, f.spec(), data, start.listener(),
                    progress);
            return new Made(new QuantizedModel(trained.model(), List.of(), List.of(), List.of(), trained.ran()),
                    Optional.of(summary(trained.epochs())), Optional.empty());
        }
        if (step instanceof RecipeStep.Distill d) {
            TrainingData data = start.training().orElseThrow(() -> new RecipeException(where + " (distill) needs a "
                    + "training set: give one (--train DATASET)"));
            TrainedModel student = training.distill(start.name(), model, file, d.spec(), data, d.examples().orElse(0),
                    start.listener(), progress);
            return new Made(new QuantizedModel(student.model(), List.of(), List.of(), List.of(), student.ran()),
                    Optional.of(summary(student.epochs())), Optional.empty());
        }
        if (step instanceof RecipeStep.Prune p) {
            return prune(p, model, start, where, seed, progress);
        }
        QuantizeSpec spec = ((RecipeStep.Quantize) step).spec();
        if (spec.accuracyBudget().isPresent() && start.probe().isPresent() && start.calibration().isPresent()) {
            return new Made(withinBudget(steps.quantizeWithinBudget(model, spec, start.calibration().get(),
                    start.probe().get(), progress), spec.accuracyBudget().get(), where));
        }
        return new Made(steps.quantize(model, spec, spec.mode() == QuantizeSpec.Mode.STATIC ? start.calibration()
                : Optional.empty(), progress));
    }

    /**
     * A prune step: a gradual schedule fine-tunes between cuts on the training set, spread evenly over the cuts
     * unless the step says how many examples each cut gets.
     */
    private Made prune(RecipeStep.Prune p, OnnxModel model, Start start, String where, long seed, Progress progress)
            throws LatheException {
        Optional<TrainingData> data = p.trains() ? start.training() : Optional.empty();
        if (p.trains() && data.isEmpty()) {
            throw new RecipeException(where + " (prune, gradual) needs a training set: give one (--train DATASET)");
        }
        int perCut = examplesPerCut(p, data);
        PruneResult pruned = training.prune(start.name(), model, p.spec(), data, perCut, p.learningRate(), seed,
                start.listener(), progress);
        PruneReport r = pruned.report();
        List<String> notes = new ArrayList<>(r.warnings());
        notes.add(r.speed());
        PruningSummary summary = pruningSummary(r);
        QuantizedModel made = new QuantizedModel(pruned.model(), List.of(), List.of(), notes, pruned.ran());
        return new Made(made, r.training().isEmpty() ? Optional.empty() : Optional.of(summary(r.training())),
                Optional.of(summary));
    }

    /** How many examples each cut of a prune step trains on: the step's own figure, else the set spread over the cuts. */
    static int examplesPerCut(RecipeStep.Prune p, Optional<TrainingData> data) {
        int cuts = p.spec().schedule().kind() == PruneSchedule.Kind.GRADUAL ? p.spec().schedule().steps() : 1;
        return p.examplesPerCut().orElse(data.map(d -> Math.max(1, d.data().size() / cuts)).orElse(0));
    }

    static PruningSummary pruningSummary(PruneReport r) {
        return new PruningSummary(r.spec().structure().name().toLowerCase(Locale.ROOT),
                r.paramsBefore(), r.paramsAfter(), r.nonZeroBefore(), r.nonZeroAfter(), r.gzipBefore(), r.gzipAfter(),
                r.layers().stream().map(l -> new PruningSummary.Layer(l.node(), l.opType(),
                        l.unit().name().toLowerCase(Locale.ROOT), l.before(), l.after())).toList(), r.speed());
    }

    static TrainingSummary summary(List<EpochResult> epochs) {
        EpochResult last = epochs.get(epochs.size() - 1);
        long millis = epochs.stream().mapToLong(EpochResult::millis).sum();
        return new TrainingSummary(epochs.size(), last.examples(), last.meanLoss(), last.accuracy(), millis);
    }

    private static VariantReport withTraining(VariantReport report, Made made) {
        return new VariantReport(report.quantizedNodes(), report.floatNodes(), report.warnings(), report.layerErrors(),
                made.training(), made.pruning());
    }

    /**
     * What the step changed, with the per-layer error report of a quantize step measured on the calibration data when
     * there is some. The variant is sound without that report, so a model whose layers cannot be compared keeps the
     * variant and says why in a warning.
     */
    private VariantReport report(RecipeStep step, OnnxModel model, QuantizedModel variant, Start start,
                                 Progress progress) throws CancelledException {
        if (!(step instanceof RecipeStep.Quantize) || start.calibration().isEmpty()
                || variant.quantizedNodes().isEmpty()) {
            return VariantReport.of(variant, List.of());
        }
        try {
            return VariantReport.of(variant, steps.layerErrors(model, variant, start.calibration().get(), progress));
        } catch (CancelledException e) {
            throw e;
        } catch (LatheException e) {
            LOG.warn("No per-layer error report for a variant of {}", start.name(), e);
            List<String> warnings = new ArrayList<>(variant.warnings());
            warnings.add("no per-layer error report: " + e.getMessage());
            return new VariantReport(variant.quantizedNodes(), variant.floatNodes(), warnings, List.of(), Optional.empty(),
                    Optional.empty());
        }
    }

    /** The accepted variant, with each layer kept in float and what it won back listed among its warnings. */
    private static QuantizedModel withinBudget(AccuracyAwareQuantizer.Result r, double budget, String where)
            throws RecipeException {
        if (!r.withinBudget()) {
            throw new RecipeException(String.format(Locale.ROOT, "%s: even with %d layers kept in float, top-1 fell from "
                    + "%.2f %% to %.2f %%, more than its accuracy_budget of %.2f points; nothing was kept. Exclude more "
                    + "layers or raise the budget", where, r.keptFloat().size(), r.floatTop1() * 100, r.top1() * 100,
                    budget * 100));
        }
        List<String> notes = new ArrayList<>(r.model().warnings());
        for (AccuracyAwareQuantizer.KeptFloat k : r.keptFloat()) {
            notes.add(String.format(Locale.ROOT, "kept %s (%s) in float for the accuracy budget: it won back %.2f points "
                    + "of top-1", k.node(), k.op(), k.top1Gain() * 100));
        }
        QuantizedModel m = r.model();
        return new QuantizedModel(m.model(), m.quantizedNodes(), m.floatNodes(), notes, m.ran());
    }

    /** Static steps calibrate on it; steps with an accuracy budget rank their layers' sensitivity on it. */
    static boolean usesCalibration(QuantizeSpec spec) {
        return spec.mode() == QuantizeSpec.Mode.STATIC || spec.accuracyBudget().isPresent();
    }

    /**
     * {@code cnn.int8-static.onnx}; a step past the first adds its number: {@code cnn.int8-fp16-2.onnx}. The
     * extension is the variant's format's ({@code .onnx}, {@code .pt}).
     */
    /** How a step is named to someone watching the run: "step 1/2 quantize". */
    static String stageName(int index, Recipe recipe, RecipeStep step) {
        return "step " + (index + 1) + "/" + recipe.steps().size() + " " + step.kind();
    }

    /** The file names a recipe's variants of {@code parentName} get: one per step, in order. */
    public static List<String> variantNames(String parentName, ModelFormat format, Recipe recipe) {
        String extension = format == ModelFormat.TORCHSCRIPT ? ".pt" : ".onnx";
        List<String> names = new ArrayList<>();
        for (int i = 0; i < recipe.steps().size(); i++) {
            names.add(variantName(parentName, recipe, i, extension));
        }
        return names;
    }

    static String variantName(String parentName, Recipe recipe, int step, String extension) {
        String stem = parentName.endsWith(extension)
                ? parentName.substring(0, parentName.length() - extension.length()) : parentName;
        String safe = recipe.name().replaceAll("[^A-Za-z0-9._-]+", "_");
        return stem + "." + safe + (step == 0 ? "" : "-" + (step + 1)) + extension;
    }

    private Path write(OnnxModel model, String sha, List<Path> written) throws RecipeException {
        Path file = variantDir.resolve(sha + ".onnx");
        if (Files.isRegularFile(file)) {
            return file;  // content-addressed: an earlier run already wrote these very bytes
        }
        try {
            model.write(file);
        } catch (IOException e) {
            throw new RecipeException("Cannot write the variant to " + file + ": " + e.getMessage(), e);
        }
        written.add(file);
        return file;
    }

    /**
     * A variant ONNX Runtime refuses must never reach the store; one run on synthetic input (shaped as the user gave,
     * else open dimensions at {@link SyntheticInputs#OPEN_DIMENSION}) proves it loads and runs. When it fails, the
     * step's input model runs on the same input: if that fails too, the made-up input is at fault, not the variant.
     */
    private void checkRuns(Path file, String name, Path parentFile, Start start) throws LatheException {
        FloatTensor probe;
        try (InferenceSession session = runtimes.open(file, ModelFormat.ONNX, Optional.empty(), SessionOptions.DEFAULT)) {
            SyntheticInputs inputs = new SyntheticInputs(name, session.inputs().get(0), start.inputShape(), 0);
            probe = inputs.next(inputs.fixedBatch().orElse(1));
            try {
                session.run(probe);
                return;
            } catch (LatheException e) {
                rejectedByParentToo(parentFile, probe, start.name());
                throw e;
            }
        } catch (LatheException e) {
            if (e instanceof RecipeException || e instanceof NativeCrashException) {
                throw e;
            }
            throw new RecipeException(name + ": the variant this recipe made does not run in ONNX Runtime, so it was "
                    + "not kept: " + e.getMessage(), e);
        }
    }

    private void rejectedByParentToo(Path parentFile, FloatTensor probe, String parentName)
            throws RecipeException, NativeCrashException {
        String template = "";
        try (InferenceSession parent = runtimes.open(parentFile, ModelFormat.ONNX, Optional.empty(),
                SessionOptions.DEFAULT)) {
            template = parent.inputs().get(0).inputShapeTemplate();
            parent.run(probe);
        } catch (NativeCrashException e) {
            throw e;
        } catch (LatheException e) {
            throw new RecipeException(parentName + " itself does not run on the input of shape "
                    + Arrays.toString(probe.shape()) + " that Lathe made up to check its variant (" + e.getMessage()
                    + "); give the sizes it was made for with --input-shape " + template, e);
        }
    }

    static Provenance provenance(Start start, Recipe recipe, int index, String parentSha, Runtimes runtimes) {
        RecipeStep step = recipe.steps().get(index);
        Optional<String> calibrationSha = step instanceof RecipeStep.Quantize q && usesCalibration(q.spec())
                ? start.calibration().map(CalibrationData::datasetSha256) : Optional.empty();
        Optional<String> trainingSha = step.trains() ? start.training().map(TrainingData::sha256) : Optional.empty();
        return new Provenance(parentSha, recipe.name(), index, step.kind(), RecipeWriter.parameters(step), seed(recipe, step),
                calibrationSha, start.evaluationDatasetSha256(), trainingSha, Provenance.latheVersionNow(),
                runtimes.onnxRuntimeVersion(), Provenance.jvmNow(), Provenance.osNow(), Provenance.archNow(),
                System.currentTimeMillis());
    }

    /** A training step's own seed decides its run (it defaults to the recipe's); other steps use the recipe's. */
    static long seed(Recipe recipe, RecipeStep step) {
        if (step instanceof RecipeStep.Finetune f) {
            return f.spec().seed();
        }
        return step instanceof RecipeStep.Distill d ? d.spec().seed() : recipe.seed();
    }
}
