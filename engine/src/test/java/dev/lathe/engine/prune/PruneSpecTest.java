package dev.lathe.engine.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.parameter.ParameterException;
import dev.lathe.engine.train.FineTuneConfig;
import dev.lathe.engine.train.UnsupportedOpsException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PruneSpecTest {
    private static final OnnxModel TINY = TinyResNet.build(9, TinyResNet.Zeroed.NONE);
    private static final Pruner PRUNER = new Pruner(PruneFixtures.PYTORCH);

    @BeforeAll
    static void start() throws Exception {
        PruneFixtures.start();
    }

    static PruneSpec spec(PruneSpec.Structure structure, double sparsity, PruneSchedule schedule,
                          List<String> exclude) {
        return new PruneSpec(PruneSpec.Method.L1, structure, sparsity, PruneSpec.Scope.PER_LAYER, schedule, exclude);
    }

    @Test
    void aSparsityOutsideZeroToOneIsRefusedNamingTheField() {
        assertThatThrownBy(() -> spec(PruneSpec.Structure.CHANNEL, 1.2, PruneSchedule.ONE_SHOT, List.of()))
                .isInstanceOf(ParameterException.class).hasFieldOrPropertyWithValue("key", "sparsity")
                .hasMessage("'sparsity' is the fraction of weights (or channels) removed: above 0 and below 1, like 0.8,"
                        + " not 1.2");
    }

    @Test
    void aScheduleThatStartsAboveTheTargetIsRefused() {
        assertThatThrownBy(() -> spec(PruneSpec.Structure.UNSTRUCTURED, 0.5, PruneSchedule.gradual(0.6, 10), List.of()))
                .isInstanceOf(ParameterException.class).hasFieldOrPropertyWithValue("key", "schedule.start")
                .hasMessage("'start' is the sparsity of the first cut: at least 0 and below the final sparsity (0.5),"
                        + " like 0.05, not 0.6");
    }

    @Test
    void aScheduleOfMoreThanAThousandCutsOrABadExcludePatternIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> PruneSchedule.gradual(0.05, 1001)).isInstanceOf(ParameterException.class)
                .hasFieldOrPropertyWithValue("key", "steps")
                .hasMessage("'steps' is the number of cuts: from 1 to 1000, like 10, not 1001");
        assertThatThrownBy(() -> spec(PruneSpec.Structure.CHANNEL, 0.5, PruneSchedule.ONE_SHOT, List.of("/conv[1")))
                .isInstanceOf(ParameterException.class).hasFieldOrPropertyWithValue("key", "exclude")
                .hasMessageStartingWith("'exclude' entry \"/conv[1\" is not a valid regular expression");
    }

    @Test
    void anExcludePatternThatMatchesNothingIsAWarning() throws Exception {
        PruneSpec spec = spec(PruneSpec.Structure.CHANNEL, 0.5, PruneSchedule.ONE_SHOT, List.of("conv1", "convv.*"));

        PruneResult result = PRUNER.prune(TINY, spec, Progress.NONE);

        assertThat(result.report().warnings()).containsExactly(
                "exclude pattern 'convv.*' matches no node name or op type; check it for a typo");
        // conv1 is tied to conv2 by the residual Add, so excluding it keeps both whole
        assertThat(result.report().layers()).extracting(LayerPruning::node, LayerPruning::after)
                .contains(tuple("conv1", 8L),
                        tuple("conv2", 8L),
                        tuple("conv3", 2L),
                        tuple("fc2", 5L));
    }

    @Test
    void excludingEveryLayerIsAnErrorForBothStructures() {
        PruneSpec channels = spec(PruneSpec.Structure.CHANNEL, 0.5, PruneSchedule.ONE_SHOT, List.of("conv.*", "fc1"));
        PruneSpec weights = spec(PruneSpec.Structure.UNSTRUCTURED, 0.5, PruneSchedule.ONE_SHOT,
                List.of("Conv", "Gemm"));

        assertThatThrownBy(() -> PRUNER.prune(TINY, channels, Progress.NONE)).isInstanceOf(PruneException.class)
                .hasMessageStartingWith("no channel can be pruned: every Conv, Gemm and MatMul output is excluded")
                .hasMessageContaining("'fc2' reaches the graph output 'logits'");
        assertThatThrownBy(() -> PRUNER.prune(TINY, weights, Progress.NONE)).isInstanceOf(PruneException.class)
                .hasMessage("model 'tiny-resnet' has no Conv, Gemm or MatMul weight left to prune after exclude"
                        + " [Conv, Gemm]; remove exclude patterns or choose another model");
    }

    @Test
    void aModelTrainingCannotRunIsRefusedBeforeAnyWork() {
        OnnxModel round = new OnnxModel(new OnnxGraphBuilder("round")
                .input("x", ElementType.FLOAT, List.of("batch", 4)).output("y", ElementType.FLOAT, List.of("batch", 3))
                .initializer("w", new float[12], 4, 3)
                .node("MatMul", List.of("x", "w"), List.of("h"), "fc")
                .node("Round", List.of("h"), List.of("y"), "round").build());
        PruneSpec spec = spec(PruneSpec.Structure.UNSTRUCTURED, 0.5, PruneSchedule.ONE_SHOT, List.of());
        FineTuneConfig tune = new FineTuneConfig(FineTuneConfig.Optimizer.ADAM, 1e-3, 8, 1, 1, 8);

        assertThatThrownBy(() -> PRUNER.prune(round, spec, PruneFixtures.test(), PruneFixtures.FASHION, tune,
                Progress.NONE)).isInstanceOf(UnsupportedOpsException.class).hasMessageContaining("Round");
    }

    @Test
    void theCubicScheduleRisesFastThenSlowsAndEndsOnTheTarget() {
        double[] s = PruneSchedule.gradual(0.05, 5).sparsities(0.8);

        assertThat(s).hasSize(5);
        assertThat(s[0]).isCloseTo(0.05, within(1e-12));
        assertThat(s[4]).isEqualTo(0.8);
        assertThat(s[1] - s[0]).isGreaterThan(s[2] - s[1]).isGreaterThan(0);
        assertThat(s[2] - s[1]).isGreaterThan(s[3] - s[2]).isGreaterThan(s[4] - s[3]);
        assertThat(PruneSchedule.ONE_SHOT.sparsities(0.8)).containsExactly(0.8);
    }
}
