package dev.lathe.engine.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.train.TrainingListener;
import dev.lathe.engine.Samples;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.runtime.torchscript.TrainableModule;
import dev.lathe.engine.train.FineTuneConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unstructured pruning of the TorchScript fixture in place, measured from the file it writes. */
class TorchScriptPrunerTest {
    private static final List<String> WEIGHTS = List.of("features.0.weight", "features.4.weight",
            "classifier.1.weight", "classifier.3.weight");
    private static Path fixture;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        Samples.PYTORCH.engine();
        fixture = Path.of(TorchScriptPrunerTest.class.getResource("/torchscript/fashion_cnn.pt").toURI());
    }

    @Test
    void halfOfTheConvAndLinearWeightsAreZeroInTheWrittenFile() throws Exception {
        PruneSpec spec = new PruneSpec(PruneSpec.Method.L1, PruneSpec.Structure.UNSTRUCTURED, 0.5,
                PruneSpec.Scope.GLOBAL, PruneSchedule.ONE_SHOT, List.of());

        ScriptPruneResult result = new TorchScriptPruner(Samples.PYTORCH).prune(fixture, spec, Progress.NONE);

        Map<String, float[]> written = weights(write(result));
        assertThat(written).containsOnlyKeys(WEIGHTS);
        assertThat(sparsity(written)).isCloseTo(0.5, within(0.001));
        assertThat(written.values()).allSatisfy(w -> {
            for (float v : w) {
                assertThat(Float.floatToRawIntBits(v)).as("a pruned weight is +0.0, not -0.0")
                        .isNotEqualTo(Float.floatToRawIntBits(-0f));
            }
        });
        PruneReport r = result.report();
        assertThat(r.layers()).extracting(LayerPruning::node)
                .containsExactly("features.0", "features.4", "classifier.1", "classifier.3");
        assertThat(r.layers()).extracting(LayerPruning::opType).containsExactly("Conv2d", "Conv2d", "Linear", "Linear");
        assertThat(r.paramsAfter()).isEqualTo(r.paramsBefore()).isEqualTo(14426);
        long prunable = written.values().stream().mapToLong(w -> w.length).sum();
        assertThat(r.nonZeroBefore() - r.nonZeroAfter()).isEqualTo(prunable / 2);
        assertThat(r.bytesAfter()).isEqualTo(result.file().length);
        assertThat(r.gzipAfter()).isLessThan(r.gzipBefore());
        assertThat(r.training()).isEmpty();
    }

    @Test
    void aGradualScheduleHoldsItsMasksWhileFineTuningBetweenCuts() throws Exception {
        PruneSpec spec = new PruneSpec(PruneSpec.Method.L2, PruneSpec.Structure.UNSTRUCTURED, 0.6,
                PruneSpec.Scope.PER_LAYER, PruneSchedule.gradual(0.2, 2), List.of("classifier\\.3"));
        FineTuneConfig between = new FineTuneConfig(FineTuneConfig.Optimizer.ADAM, 1e-3, 64, 1, 7, 256);

        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void cut(int cut, int cuts, double sparsity) {
                heard.add("cut " + cut + "/" + cuts);
            }

            @Override
            public void epoch(int epoch, double meanLoss, double accuracy, long millis) {
                heard.add("epoch");
            }
        };

        ScriptPruneResult result = new TorchScriptPruner(Samples.PYTORCH).prune(fixture, spec,
                Datasets.open(Samples.trainImages()), Samples.FASHION, between, listener, Progress.NONE);

        Map<String, float[]> written = weights(write(result));
        for (String w : List.of("features.0.weight", "features.4.weight", "classifier.1.weight")) {
            assertThat(sparsity(Map.of(w, written.get(w)))).as(w).isCloseTo(0.6, within(0.02));
        }
        assertThat(sparsity(Map.of("classifier.3.weight", written.get("classifier.3.weight")))).isZero();
        assertThat(result.report().training()).hasSize(2);
        assertThat(heard).containsExactly("cut 1/2", "epoch", "cut 2/2", "epoch");
        assertThat(result.report().layers()).extracting(LayerPruning::node)
                .containsExactly("features.0", "features.4", "classifier.1");
    }

    @Test
    void channelPruningIsRefusedWithWhatToDoInstead() {
        PruneSpec spec = new PruneSpec(PruneSpec.Method.L1, PruneSpec.Structure.CHANNEL, 0.5,
                PruneSpec.Scope.GLOBAL, PruneSchedule.ONE_SHOT, List.of());

        assertThatThrownBy(() -> new TorchScriptPruner(Samples.PYTORCH).prune(fixture, spec, Progress.NONE))
                .isInstanceOf(PruneException.class)
                .hasMessage("fashion_cnn.pt is TorchScript: channel pruning removes filters by rewriting the model's"
                        + " graph, which Lathe can do for ONNX models only. Use structure: unstructured to prune it"
                        + " in place, or export it to ONNX (torch.onnx.export) and prune channels there.");
    }

    private Path write(ScriptPruneResult result) throws Exception {
        return Files.write(tmp.resolve("pruned.pt"), result.file());
    }

    /** The convolution and linear weights of a TorchScript file, loaded afresh. */
    private static Map<String, float[]> weights(Path file) throws Exception {
        Map<String, float[]> weights = new LinkedHashMap<>();
        try (TrainableModule module = TrainableModule.load(Samples.PYTORCH, file)) {
            for (Map.Entry<String, NDArray> p : module.floatParameters().entrySet()) {
                if (WEIGHTS.contains(p.getKey())) {
                    weights.put(p.getKey(), p.getValue().toFloatArray());
                }
            }
        }
        return weights;
    }

    private static double sparsity(Map<String, float[]> weights) {
        long zeros = 0;
        long all = 0;
        for (float[] w : weights.values()) {
            for (float v : w) {
                zeros += v == 0 ? 1 : 0;
            }
            all += w.length;
        }
        return (double) zeros / all;
    }
}
