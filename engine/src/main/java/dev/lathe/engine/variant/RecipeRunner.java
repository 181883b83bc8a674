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
import dev.lathe.engine.quantize.AccuracyAwareQuantizer;
import dev.lathe.engine.quantize.CalibrationData;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.recipe.RecipeWriter;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.NativeCrashException;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.SessionOptions;
import dev.lathe.engine.store.VariantStore.NewVariant;
import dev.lathe.engine.train.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs a recipe's steps one after another, each on the previous step's output, and writes every result under the
 * variant folder as {@code <sha256>.onnx} ({@code <sha256>.pt} for TorchScript, see {@link TorchScriptRecipes}). Each
 * kind of step has its own runner ({@link StepRunners}); this one writes what they make, loads and runs each file
 * once before it counts as made, and returns the lot as a {@link RecipeRun}.
 */
public final class RecipeRunner {
    private final StepRunners steps;
    private final Runtimes runtimes;
    private final Path variantDir;
    private final TorchScriptRecipes torchScript;
    private final Bf16Variants bf16;

    /** @param inspector summarises variants of formats whose files Lathe does not build itself (TorchScript) */
    public RecipeRunner(QuantizeStepRunner steps, TrainingStepRunner training, Runtimes runtimes,
                        ModelInspector inspector, Path variantDir) {
        this.steps = new StepRunners(steps, training);
        this.runtimes = runtimes;
        this.variantDir = variantDir;
        this.torchScript = new TorchScriptRecipes(training, runtimes, inspector, variantDir);
        this.bf16 = new Bf16Variants(runtimes, inspector, variantDir);
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

    /**
     * Runs every step and returns what they made. Files written before a step fails (or the run is cancelled) are
     * removed again, so a failed run leaves nothing behind.
     */
    public RecipeRun run(Start start, Recipe recipe, Progress progress) throws LatheException {
        if (start.format() == ModelFormat.TORCHSCRIPT) {
            return torchScript.run(start, recipe, progress);
        }
        List<NewVariant> made = new ArrayList<>();
        List<Path> written = new ArrayList<>();
        try {
            runOnnx(start, recipe, made, written, progress);
            return new RecipeRun(made, written);
        } catch (LatheException | RuntimeException | Error e) {
            RecipeRun.discard(written, e);
            throw e;
        }
    }

    private void runOnnx(Start start, Recipe recipe, List<NewVariant> made, List<Path> written, Progress progress)
            throws LatheException {
        Bf16Variants.requireLast(recipe);
        // Variants are written elsewhere and quantization hands models to ONNX Runtime as bytes: bring the data in.
        OnnxModel current = ExternalData.inline(OnnxModel.read(start.file()), start.file()).named(start.name());
        Path currentFile = start.file();
        String currentSha = start.sha256();
        for (int i = 0; i < recipe.steps().size(); i++) {
            RecipeStep step = recipe.steps().get(i);
            announce(start, recipe, i, progress);
            if (Bf16Variants.isBf16(step)) {
                made.add(bf16.fromOnnx(current, start, recipe, i, currentSha, written, progress));
                return;
            }
            StepResult result = steps.run(step, new StepInput(current, currentFile, start,
                    "recipe " + recipe.name() + ", step " + (i + 1), seed(recipe, step)), progress);
            String name = variantName(start.name(), recipe, i, ".onnx");
            byte[] bytes = result.model().toBytes();
            String sha = Hashing.sha256(bytes);
            Path file = write(result.model(), sha, written);
            checkRuns(file, name, currentFile, start);
            ModelSummary summary = new OnnxInspector().summarize(result.model(), name, sha, bytes.length);
            made.add(new NewVariant(summary, file, provenance(start, recipe, i, currentSha, runtimes)
                    .withRan(result.ran()).withVariant(sha), result.report()));
            current = result.model().named(name);
            currentFile = file;
            currentSha = sha;
        }
    }

    /** Tells whoever watches that step {@code i} starts; stops here if the run was cancelled. */
    static void announce(Start start, Recipe recipe, int i, Progress progress) throws CancelledException {
        RecipeStep step = recipe.steps().get(i);
        CancelledException.checkpoint("Recipe " + recipe.name());
        progress.report(i, recipe.steps().size(), "Step " + (i + 1) + " of " + recipe.steps().size() + ": " + step.kind());
        progress.stage(stageName(i, recipe, step));
        start.listener().recipeStep(i + 1, recipe.steps().size(), step.kind());
    }

    /** Static steps calibrate on it; steps with an accuracy budget rank their layers' sensitivity on it. */
    static boolean usesCalibration(QuantizeSpec spec) {
        return QuantizeRunner.usesCalibration(spec);
    }

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

    /**
     * {@code cnn.int8-static.onnx}; a step past the first adds its number: {@code cnn.int8-fp16-2.onnx}. The
     * extension is the variant's format's ({@code .onnx}, {@code .pt}).
     */
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
