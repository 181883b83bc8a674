package dev.lathe.engine.variant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.Samples;
import dev.lathe.engine.inspect.ModelInspector;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.store.VariantStore.NewVariant;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe runner returns what it made as a value, and each kind of step says what it did in its own terms. */
class RecipeRunnerTest {
    @TempDir
    Path tmp;

    private final Runtimes runtimes = Samples.runtimes();
    private final QuantizeSteps quantize = new QuantizeSteps(runtimes);
    private final TrainingSteps training = new TrainingSteps(Samples.PYTORCH, runtimes, Samples.cacheDir()
            .resolve("soft-targets"));

    @Test
    void aRunReturnsOneVariantPerStepWithTheFilesItWrote() throws Exception {
        RecipeRun run = runner().run(start(), recipe("  - prune: { sparsity: 0.5, schedule: { kind: oneshot } }\n"
                + "  - quantize: { mode: dynamic }\n"), Progress.NONE);

        assertThat(run.variants()).extracting(v -> v.summary().fileName())
                .containsExactly("cnn.r.onnx", "cnn.r-2.onnx");
        assertThat(run.written()).containsExactlyElementsOf(run.variants().stream().map(NewVariant::file).toList())
                .allSatisfy(f -> assertThat(f).isRegularFile().hasParent(tmp.resolve("variants")));
        NewVariant pruned = run.variants().get(0);
        NewVariant quantized = run.variants().get(1);
        assertThat(quantized.report().quantizedNodes()).isNotEmpty();
        assertThat(quantized.report().pruning()).isEmpty();
        assertThat(pruned.report().quantizedNodes()).as("a prune step quantizes nothing").isEmpty();
        assertThat(pruned.report().pruning()).isPresent();
        assertThat(quantized.provenance().parentSha256()).isEqualTo(pruned.summary().sha256());
        assertThat(run.warnings()).as("each warning after the variant it concerns")
                .contains("cnn.r.onnx: " + pruned.report().pruning().orElseThrow().speed());
    }

    @Test
    void aStepThatFailsTakesTheFilesOfTheStepsBeforeItWithIt() throws Exception {
        Recipe recipe = recipe("  - quantize: { mode: dynamic }\n  - finetune: { epochs: 1 }\n");

        assertThatThrownBy(() -> runner().run(start(), recipe, Progress.NONE))
                .isInstanceOf(RecipeException.class)
                .hasMessage("recipe r, step 2 (finetune) needs a training set: give one (--train DATASET)");
        try (var left = Files.list(tmp.resolve("variants"))) {
            assertThat(left).as("the first step's variant was written, then removed").isEmpty();
        }
    }

    @Test
    void eachStepKindReturnsItsOwnResult() throws Exception {
        StepRunners steps = new StepRunners(quantize, training);
        StepInput in = new StepInput(OnnxModel.read(Samples.cnn()).named("cnn.onnx"), Samples.cnn(), start(),
                "recipe r, step 1", 0);

        StepResult pruned = steps.run(step("prune: { sparsity: 0.5, schedule: { kind: oneshot } }"), in,
                Progress.NONE);
        StepResult converted = steps.run(step("convert: { precision: fp16 }"), in, Progress.NONE);
        StepResult quantized = steps.run(step("quantize: { mode: dynamic }"), in, Progress.NONE);

        assertThat(pruned).isInstanceOfSatisfying(StepResult.Pruned.class, p -> {
            assertThat(p.pruning().structure()).isEqualTo("unstructured");
            assertThat(p.pruning().nonZeroAfter()).isLessThan(p.pruning().nonZeroBefore());
            assertThat(p.training()).as("a one-shot cut trains nothing").isEmpty();
            assertThat(p.ran().changes()).isEmpty();
        });
        assertThat(converted).isInstanceOfSatisfying(StepResult.Converted.class,
                c -> assertThat(c.report().quantizedNodes()).isNotEmpty());
        assertThat(quantized).isInstanceOfSatisfying(StepResult.Quantized.class, q -> {
            assertThat(q.made().quantizedNodes()).isNotEmpty();
            assertThat(q.layerErrors()).as("no calibration data, no per-layer report").isEmpty();
        });
    }

    private RecipeRunner runner() {
        ModelInspector inspector = new ModelInspector((file, sha, bytes) -> {
            throw new ModelFormatException(file, "TorchScript is not wired in this test");
        });
        return new RecipeRunner(quantize, training, runtimes, inspector, tmp.resolve("variants"));
    }

    private static RecipeRunner.Start start() throws Exception {
        return new RecipeRunner.Start(Samples.cnn(), ModelFormat.ONNX, Optional.empty(), Hashing.sha256(Samples.cnn()),
                "cnn.onnx", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                TrainingListener.NONE);
    }

    private static Recipe recipe(String steps) throws RecipeException {
        return new RecipeParser().parse("r.yaml", "lathe: 1\nname: r\nsteps:\n" + steps);
    }

    private static RecipeStep step(String step) throws RecipeException {
        return recipe("  - " + step + "\n").steps().get(0);
    }
}
