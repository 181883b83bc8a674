package dev.lathe.engine.variant;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.export.torchscript.Bf16Archive;
import dev.lathe.engine.fidelity.SyntheticInputs;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.inspect.ModelInspector;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.provenance.StepRun;
import dev.lathe.engine.prune.PruneReport;
import dev.lathe.engine.prune.PruneSpec;
import dev.lathe.engine.prune.ScriptPruneResult;
import dev.lathe.engine.prune.TorchScriptPruner;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.SessionOptions;
import dev.lathe.engine.store.PruningSummary;
import dev.lathe.engine.store.TrainingSummary;
import dev.lathe.engine.store.VariantReport;
import dev.lathe.engine.store.VariantStore.NewVariant;
import dev.lathe.engine.train.TrainedScript;
import dev.lathe.engine.train.TrainingData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A recipe on a TorchScript model. Its steps change the module in place, through DJL's PyTorch engine, and write it
 * back as TorchScript ({@code <sha256>.pt}): {@code finetune}, and {@code prune} with unstructured sparsity. Steps
 * that need an ONNX graph (quantize, convert to fp16, channel pruning, distill's student) are refused before any work
 * by {@link #refusal}; a {@code convert} to bf16 rewrites the archive ({@link Bf16Archive}). Variants carry their
 * parent's input shape, since TorchScript files declare none.
 */
final class TorchScriptRecipes {
    private final TrainingStepRunner training;
    private final Runtimes runtimes;
    private final ModelInspector inspector;
    private final Path variantDir;

    TorchScriptRecipes(TrainingStepRunner training, Runtimes runtimes, ModelInspector inspector, Path variantDir) {
        this.training = training;
        this.runtimes = runtimes;
        this.inspector = inspector;
        this.variantDir = variantDir;
    }

    /** Why a TorchScript model cannot take this step, and what to do instead; empty when it can. */
    static Optional<String> refusal(RecipeStep step, String modelName) {
        String export = " Export it to ONNX (torch.onnx.export) and run the recipe on the .onnx file.";
        if (step instanceof RecipeStep.Quantize
                || (step instanceof RecipeStep.Convert && !Bf16Variants.isBf16(step))) {
            return Optional.of(modelName + " is TorchScript: " + step.kind() + " steps rewrite an ONNX graph, and"
                    + " Lathe quantizes and converts ONNX models only." + export);
        }
        if (step instanceof RecipeStep.Distill) {
            return Optional.of(modelName + " is TorchScript: a distill step builds its student from the teacher's"
                    + " ONNX graph." + export);
        }
        if (step instanceof RecipeStep.Prune p && p.spec().structure() == PruneSpec.Structure.CHANNEL) {
            return Optional.of(TorchScriptPruner.channelRefusal(modelName));
        }
        return Optional.empty();
    }

    /** Runs every step; files written before a step fails are removed again. */
    RecipeRun run(RecipeRunner.Start start, Recipe recipe, Progress progress) throws LatheException {
        List<NewVariant> made = new ArrayList<>();
        List<Path> written = new ArrayList<>();
        try {
            for (int i = 0; i < recipe.steps().size(); i++) {
                made.add(step(start, recipe, i, made.isEmpty() ? Optional.empty() : Optional.of(made.get(i - 1)),
                        written, progress));
            }
            return new RecipeRun(made, written);
        } catch (LatheException | RuntimeException | Error e) {
            RecipeRun.discard(written, e);
            throw e;
        }
    }

    /** Step {@code i}, on the parent when {@code before} is empty, else on the variant the step before made. */
    private NewVariant step(RecipeRunner.Start start, Recipe recipe, int i, Optional<NewVariant> before,
                            List<Path> written, Progress progress) throws LatheException {
        Path currentFile = before.map(NewVariant::file).orElse(start.file());
        String currentSha = before.map(v -> v.summary().sha256()).orElse(start.sha256());
        RecipeStep step = recipe.steps().get(i);
        String where = "recipe " + recipe.name() + ", step " + (i + 1) + " (" + step.kind() + ")";
        Optional<String> refused = refusal(step, start.name());
        if (refused.isPresent()) {
            throw new RecipeException(where + ": " + refused.get());
        }
        RecipeRunner.announce(start, recipe, i, progress);
        Made outcome = step instanceof RecipeStep.Finetune f
                ? finetune(f, currentFile, start, where, progress)
                : Bf16Variants.isBf16(step) ? bf16(currentFile, start, progress)
                : prune((RecipeStep.Prune) step, currentFile, start, where, RecipeRunner.seed(recipe, step),
                        progress);
        String name = RecipeRunner.variantName(start.name(), recipe, i, ".pt");
        String sha = Hashing.sha256(outcome.file());
        Path file = ArchiveVariants.write(variantDir, outcome.file(), sha, written);
        checkRuns(file, name, start);
        ModelSummary summary = inspector.inspect(file).withFileName(name);
        VariantReport report = new VariantReport(List.of(), List.of(), outcome.notes(), List.of(),
                outcome.training(), outcome.pruning());
        return new NewVariant(summary, file, RecipeRunner.provenance(start, recipe, i, currentSha, runtimes)
                .withRan(outcome.ran()).withVariant(sha),
                report, start.inputShape());
    }

    /** What one step made: the module's file, and how its training and pruning went. */
    private record Made(byte[] file, List<String> notes, Optional<TrainingSummary> training,
                        Optional<PruningSummary> pruning, StepRun ran) {
    }

    private Made bf16(Path file, RecipeRunner.Start start, Progress progress) throws LatheException {
        progress.report(0, -1, "Converting to bf16");
        return new Made(Bf16Archive.rewrite(file, start.name()), List.of("Float32 tensors stored as bfloat16; the "
                + "root module's forward casts its input to bfloat16 and its output back to float32."),
                Optional.empty(), Optional.empty(), StepRun.of(java.util.Map.of("tensors", "bfloat16"), List.of()));
    }

    private Made finetune(RecipeStep.Finetune f, Path file, RecipeRunner.Start start, String where,
                          Progress progress) throws LatheException {
        TrainingData data = start.training().orElseThrow(() -> new RecipeException(where + " needs a training set:"
                + " give one (--train DATASET)"));
        TrainedScript trained = training.finetuneTorchScript(start.name(), file, f.spec(), data, start.listener(),
                progress);
        return new Made(trained.file(), List.of(), Optional.of(FinetuneRunner.summary(trained.epochs())),
                Optional.empty(), trained.ran());
    }

    private Made prune(RecipeStep.Prune p, Path file, RecipeRunner.Start start, String where, long seed,
                       Progress progress) throws LatheException {
        Optional<TrainingData> data = p.trains() ? start.training() : Optional.empty();
        if (p.trains() && data.isEmpty()) {
            throw new RecipeException(where + " is gradual, so it needs a training set: give one (--train DATASET)");
        }
        ScriptPruneResult pruned = training.pruneTorchScript(start.name(), file, p.spec(), data,
                PruneRunner.examplesPerCut(p, data), p.learningRate(), seed, start.listener(), progress);
        PruneReport r = pruned.report();
        return new Made(pruned.file(), PruneRunner.notes(r), PruneRunner.trainingSummary(r),
                Optional.of(PruneRunner.pruningSummary(r)), pruned.ran());
    }

    /**
     * A variant PyTorch refuses must never reach the store: it is loaded and, when the parent's input shape is
     * known, run once on synthetic input of that shape.
     */
    private void checkRuns(Path file, String name, RecipeRunner.Start start) throws LatheException {
        try (InferenceSession session = runtimes.open(file, ModelFormat.TORCHSCRIPT, start.inputShape(),
                SessionOptions.DEFAULT)) {
            if (start.inputShape().isPresent()) {
                SyntheticInputs inputs = new SyntheticInputs(name, session.inputs().get(0), start.inputShape(), 0);
                session.run(inputs.next(inputs.fixedBatch().orElse(1)));
            }
        } catch (LatheException e) {
            throw new RecipeException(name + ": the variant this recipe made does not run in PyTorch, so it was"
                    + " not kept: " + e.getMessage(), e);
        }
    }
}
