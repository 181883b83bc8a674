package dev.lathe.engine.variant;

import dev.lathe.engine.export.torchscript.OnnxToTorchScript;
import dev.lathe.engine.export.torchscript.TorchScriptExport;
import dev.lathe.engine.fidelity.SyntheticInputs;
import dev.lathe.engine.inspect.ModelInspector;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.provenance.StepRun;
import dev.lathe.engine.recipe.Precision;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.SessionOptions;
import dev.lathe.engine.store.VariantReport;
import dev.lathe.engine.store.VariantStore.NewVariant;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code convert: { precision: bf16 }} step on an ONNX model. ONNX Runtime's CPU kernels have no bfloat16, so the
 * variant is a TorchScript archive written from the graph ({@link OnnxToTorchScript}): its tensors in bfloat16, its
 * forward casting the input to bfloat16 and the output back to float32. It runs, and is evaluated, in libtorch. It
 * is the recipe's last step, since later steps need an ONNX graph.
 */
final class Bf16Variants {
    private final Runtimes runtimes;
    private final ModelInspector inspector;
    private final Path variantDir;

    Bf16Variants(Runtimes runtimes, ModelInspector inspector, Path variantDir) {
        this.runtimes = runtimes;
        this.inspector = inspector;
        this.variantDir = variantDir;
    }

    static boolean isBf16(RecipeStep step) {
        return step instanceof RecipeStep.Convert c && c.precision() == Precision.BF16;
    }

    /** Refuses, before any work, a bf16 convert that another step follows. */
    static void requireLast(Recipe recipe) throws RecipeException {
        for (int i = 0; i + 1 < recipe.steps().size(); i++) {
            if (isBf16(recipe.steps().get(i))) {
                throw new RecipeException("recipe " + recipe.name() + ", step " + (i + 1) + " (convert bf16): its "
                        + "variant is TorchScript (ONNX Runtime's CPU kernels have no bfloat16), so it must be the "
                        + "recipe's last step; step " + (i + 2) + " (" + recipe.steps().get(i + 1).kind()
                        + ") needs an ONNX model. Move the bf16 convert to the end.");
            }
        }
    }

    NewVariant fromOnnx(OnnxModel model, RecipeRunner.Start start, Recipe recipe, int index, String parentSha,
            List<Path> written, Progress progress) throws LatheException {
        progress.report(0, -1, "Converting to bf16 (a TorchScript archive, for libtorch)");
        String parent = start.name().endsWith(".onnx")
                ? start.name().substring(0, start.name().length() - ".onnx".length()) : start.name();
        String name = RecipeRunner.variantName(parent, recipe, index, ".pt");
        TorchScriptExport export = OnnxToTorchScript.export(model, name, OnnxToTorchScript.Precision.BF16);
        String sha = Hashing.sha256(export.bytes());
        Path file = ArchiveVariants.write(variantDir, export.bytes(), sha, written);
        Optional<long[]> shape = start.inputShape().or(() -> firstInputShape(model));
        checkRuns(file, name, shape);
        ModelSummary summary = inspector.inspect(file).withFileName(name);
        VariantReport report = new VariantReport(List.of(), List.of(), List.of("Written as TorchScript ("
                + export.className() + "): ONNX Runtime's CPU kernels have no bfloat16, so this variant runs in "
                + "libtorch; its tensors are bfloat16, its input is cast to bfloat16 and its output back to "
                + "float32."), List.of(), Optional.empty(), Optional.empty());
        StepRun ran = StepRun.of(Map.of("format", "torchscript", "file_format_version", export.fileFormatVersion(),
                "tensors", "bfloat16", "onnx_ops", export.onnxOps()), List.of(StepRun.Change.ofModel(
                "format_changed", "onnx", "torchscript", "ONNX Runtime's CPU kernels have no bfloat16, so the bf16 "
                        + "variant is a TorchScript archive that libtorch runs")));
        return new NewVariant(summary, file, RecipeRunner.provenance(start, recipe, index, parentSha, runtimes)
                .withRan(ran).withVariant(sha), report, shape);
    }

    /** The first input's shape with each open dimension set to 1, which TorchScript files do not declare. */
    private static Optional<long[]> firstInputShape(OnnxModel model) {
        var inputs = model.proto().getGraph().getInputList();
        if (inputs.isEmpty() || !inputs.get(0).getType().getTensorType().hasShape()) {
            return Optional.empty();
        }
        return Optional.of(inputs.get(0).getType().getTensorType().getShape().getDimList().stream()
                .mapToLong(d -> d.hasDimValue() && d.getDimValue() > 0 ? d.getDimValue() : 1).toArray());
    }

    private void checkRuns(Path file, String name, Optional<long[]> shape) throws LatheException {
        try (InferenceSession session = runtimes.open(file, ModelFormat.TORCHSCRIPT, shape, SessionOptions.DEFAULT)) {
            if (shape.isPresent()) {
                SyntheticInputs inputs = new SyntheticInputs(name, session.inputs().get(0), shape, 0);
                session.run(inputs.next(inputs.fixedBatch().orElse(1)));
            }
        } catch (LatheException e) {
            throw new RecipeException(name + ": the bf16 variant does not run in PyTorch, so it was not kept: "
                    + e.getMessage(), e);
        }
    }
}
