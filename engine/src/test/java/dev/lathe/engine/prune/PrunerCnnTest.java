package dev.lathe.engine.prune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.train.FineTuneConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample CNN pruned both ways on real Fashion-MNIST images, with a short fine-tune, run in ONNX Runtime. */
class PrunerCnnTest {
    private static final Pruner PRUNER = new Pruner(PruneFixtures.PYTORCH);
    private static OnnxModel cnn;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        PruneFixtures.start();
        cnn = OnnxModel.read(Samples.cnn());
    }

    @Test
    void halfTheChannelsLeaveAtMostFiftyFivePercentOfTheParametersAndAShortFineTuneRecoversAccuracy()
            throws Exception {
        PruneSpec spec = new PruneSpec(PruneSpec.Method.L1, PruneSpec.Structure.CHANNEL, 0.5,
                PruneSpec.Scope.PER_LAYER, PruneSchedule.ONE_SHOT, List.of());
        FineTuneConfig tune = new FineTuneConfig(FineTuneConfig.Optimizer.ADAM, 1e-3, 64, 1, 7, 2048);

        PruneResult untrained = PRUNER.prune(cnn, spec, Progress.NONE);
        PruneResult tuned = PRUNER.prune(cnn, spec, PruneFixtures.train(), PruneFixtures.FASHION, tune,
                Progress.NONE);

        double parent = PruneFixtures.top1(cnn, dir, 1000);
        double before = PruneFixtures.top1(untrained.model(), dir, 1000);
        double after = PruneFixtures.top1(tuned.model(), dir, 1000);
        System.out.printf("cnn.onnx channel 50%%: params %d -> %d, top-1 on 1000 test images %.1f%% parent,"
                + " %.1f%% pruned, %.1f%% after fine-tuning on 2048 train images (%s)%n",
                tuned.report().paramsBefore(), tuned.report().paramsAfter(), 100 * parent, 100 * before,
                100 * after, tuned.report().training());
        assertThat((double) tuned.report().paramsAfter() / tuned.report().paramsBefore()).isLessThanOrEqualTo(0.55);
        assertThat(tuned.report().paramsAfter()).isEqualTo(PruneFixtures.params(tuned.model()));
        assertThat(tuned.report().layers()).extracting(LayerPruning::after).containsExactly(24L, 24L, 48L, 48L,
                32L, 10L);
        assertThat(after).isGreaterThan(before + 0.3).isGreaterThan(0.8);
    }

    @Test
    void eightyPercentGlobalUnstructuredKeepsPrunedWeightsAtExactlyZeroThroughFineTuning() throws Exception {
        PruneSpec spec = new PruneSpec(PruneSpec.Method.L1, PruneSpec.Structure.UNSTRUCTURED, 0.8,
                PruneSpec.Scope.GLOBAL, PruneSchedule.gradual(0.05, 3), List.of());
        FineTuneConfig tune = new FineTuneConfig(FineTuneConfig.Optimizer.ADAM, 3e-4, 64, 1, 7, 256);

        PruneResult result = PRUNER.prune(cnn, spec, PruneFixtures.train(), PruneFixtures.FASHION, tune,
                Progress.NONE);

        Map<String, TensorProto> parent = initializers(cnn);
        int changed = 0;
        long zeros = 0;
        long weights = 0;
        for (TensorProto t : result.model().proto().getGraph().getInitializerList()) {
            if (!t.getName().endsWith("weight")) {
                continue;
            }
            float[] w = Weights.of(t).values();
            float[] old = Weights.of(parent.get(t.getName())).values();
            weights += w.length;
            for (int i = 0; i < w.length; i++) {
                zeros += Float.floatToRawIntBits(w[i]) == 0 ? 1 : 0;
                changed += w[i] != 0 && w[i] != old[i] ? 1 : 0;
            }
        }
        assertThat((double) zeros / weights).isGreaterThanOrEqualTo(0.8);
        double top1 = PruneFixtures.top1(result.model(), dir, 1000);
        System.out.printf("cnn.onnx unstructured 80%%: gzip %d -> %d bytes, top-1 on 1000 test images %.1f%%,"
                + " layers %s%n", result.report().gzipBefore(), result.report().gzipAfter(), 100 * top1,
                result.report().layers());
        assertThat(changed).as("surviving weights were fine-tuned").isGreaterThan(1000);
        assertThat(result.report().training()).hasSize(3);
        assertThat((double) result.report().gzipAfter() / result.report().gzipBefore()).isLessThan(0.5);
        assertThat(result.report().layers().stream().mapToLong(LayerPruning::after).sum())
                .isEqualTo(weights - zeros).isEqualTo(result.report().nonZeroAfter() - biases(result.model()));
        assertThat(result.report().speed()).contains("not faster");
        assertThat(top1).isGreaterThan(0.85);
    }

    private static long biases(OnnxModel model) {
        return model.proto().getGraph().getInitializerList().stream().filter(t -> t.getName().endsWith("bias"))
                .mapToLong(t -> t.getDims(0)).sum();
    }

    private static Map<String, TensorProto> initializers(OnnxModel model) {
        Map<String, TensorProto> map = new HashMap<>();
        model.proto().getGraph().getInitializerList().forEach(t -> map.put(t.getName(), t));
        return map;
    }
}
