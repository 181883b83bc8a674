package dev.lathe.engine.variant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.PruningSummary;
import dev.lathe.engine.store.StoredVariant;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prune steps end to end through a recipe: the sample CNN pruned, written as ONNX, run in ONNX Runtime, stored. */
class PrunedVariantsTest {
    @TempDir
    Path tmp;

    @Test
    void aOneshotChannelPruneNeedsNoTrainingSetAndHalvesTheFilters() throws Exception {
        Workbench workbench = workbench();
        ModelRecord cnn = workbench.open(Samples.cnn());

        StoredVariant v = workbench.optimize(cnn, OptimizeRequest.of(recipe(
                "structure: channel, sparsity: 0.5, scope: per_layer, schedule: { kind: oneshot }")), Progress.NONE).get(0);

        PruningSummary p = v.report().pruning().orElseThrow();
        assertThat(p.structure()).isEqualTo("channel");
        assertThat(p.paramsBefore()).isEqualTo(447_642);
        assertThat((double) p.paramsAfter() / p.paramsBefore()).isLessThan(0.55);
        assertThat(v.model().summary().parameters()).isEqualTo(p.paramsAfter());
        assertThat(p.layers()).filteredOn(l -> l.node().startsWith("/features/"))
                .allSatisfy(l -> assertThat(l.sparsity()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.02)));
        assertThat(v.report().warnings()).contains(p.speed());
        assertThat(v.report().training()).isEmpty();
        assertThat(v.provenance().trainingDatasetSha256()).isEmpty();
        assertThat(v.model().fileBytes()).isLessThan(cnn.fileBytes() / 3);
    }

    @Test
    void aGradualUnstructuredPruneFineTunesBetweenCutsAndKeepsTheZerosExact() throws Exception {
        Workbench workbench = workbench();
        ModelRecord cnn = workbench.open(Samples.cnn());

        HeardTraining heard = new HeardTraining();

        StoredVariant v = workbench.optimize(cnn, OptimizeRequest.of(recipe("sparsity: 0.8, examples: 128, "
                + "schedule: { kind: gradual, start: 0.4, steps: 2 }")).withTraining(Samples.testImages())
                .withListener(heard), Progress.NONE).get(0);

        PruningSummary p = v.report().pruning().orElseThrow();
        assertThat((double) p.nonZeroAfter() / p.nonZeroBefore()).isLessThan(0.25);
        assertThat(p.gzipAfter()).isLessThan(p.gzipBefore() / 2);
        assertThat(v.report().training().orElseThrow().epochs()).isEqualTo(2);
        assertThat(v.provenance().trainingDatasetSha256()).isPresent();
        assertThat(heard.heard()).as("each cut, then the training after it, for a live curve").containsExactly(
                "step 1/1 prune", "cut 1/2 0.40", "started 1x2", "epoch 1", "cut 2/2 0.80", "started 1x2", "epoch 1");
        assertThat(heard.batches()).isEqualTo(4);
        long zeros = OnnxModel.read(v.model().path()).proto().getGraph().getInitializerList().stream()
                .filter(t -> t.getDimsCount() > 1).mapToLong(t -> zeroFloats(t.getRawData().toByteArray())).sum();
        assertThat(zeros).as("pruned weights written as exact zeros").isGreaterThanOrEqualTo(p.nonZeroBefore() - p.nonZeroAfter());
    }

    @Test
    void aGradualPruneRunsOnAThreadOtherThanTheOnePyTorchStartedOn() throws Exception {
        Workbench workbench = workbench();
        ModelRecord cnn = workbench.open(Samples.cnn());
        Samples.PYTORCH.engine();  // started here; the app's worker pool trains on other threads
        java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                outcome.set(workbench.optimize(cnn, OptimizeRequest.of(recipe("sparsity: 0.5, examples: 64, "
                        + "schedule: { kind: gradual, start: 0.25, steps: 1 }")).withTraining(Samples.testImages()),
                        Progress.NONE).get(0));
            } catch (Exception | Error e) {
                outcome.set(e);
            }
        }, "worker");

        worker.start();
        worker.join();

        assertThat(outcome.get()).isInstanceOf(StoredVariant.class);
    }

    @Test
    void aGradualPruneWithoutATrainingSetIsRefusedBeforeAnyWork() throws Exception {
        Workbench workbench = workbench();
        ModelRecord cnn = workbench.open(Samples.cnn());

        assertThatThrownBy(() -> workbench.optimize(cnn, OptimizeRequest.of(recipe("sparsity: 0.5")), Progress.NONE))
                .isInstanceOf(RecipeException.class).hasMessageContaining("--train DATASET");
        assertThat(workbench.variants(cnn)).isEmpty();
    }

    private static long zeroFloats(byte[] raw) {
        java.nio.FloatBuffer f = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        long zeros = 0;
        while (f.hasRemaining()) {
            zeros += f.get() == 0f ? 1 : 0;
        }
        return zeros;
    }

    private Workbench workbench() throws Exception {
        return VariantSamples.workbench(tmp.resolve("lathe.db"), new QuantizeSteps(Samples.runtimes()));
    }

    private static Recipe recipe(String prune) throws RecipeException {
        return new RecipeParser().parse("p.yaml", "lathe: 1\nname: p\nseed: 3\nsteps:\n  - prune: { " + prune + " }\n");
    }
}
