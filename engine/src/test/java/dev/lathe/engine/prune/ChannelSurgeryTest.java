package dev.lathe.engine.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.task.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelSurgeryTest {
    private static final FloatTensor INPUT = PruneFixtures.randomInput(3, TinyResNet.INPUT);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        PruneFixtures.start();
    }

    @Test
    void removingChannelsThatWereZeroKeepsTheOutputsInOnnxRuntime() throws Exception {
        OnnxModel zeroed = TinyResNet.build(1, new TinyResNet.Zeroed(Set.of(1, 5), Set.of(2), Set.of(0, 3),
                Set.of(2, 7)));

        OnnxModel pruned = ChannelSurgery.keep(zeroed, Map.of(
                "conv1", new int[] {0, 2, 3, 4, 6, 7}, "conv2", new int[] {0, 2, 3, 4, 6, 7},
                "conv3", new int[] {0, 1, 3}, "conv4", new int[] {1, 2, 4, 5},
                "fc1", new int[] {0, 1, 3, 4, 5, 6, 8, 9}));

        float[] before = PruneFixtures.run(zeroed, dir, INPUT).data();
        float[] after = PruneFixtures.run(pruned, dir, INPUT).data();
        assertThat(PruneFixtures.maxAbsDiff(before, after)).isLessThanOrEqualTo(1e-5);
        assertThat(before).isNotEqualTo(PruneFixtures.run(TinyResNet.build(1, TinyResNet.Zeroed.NONE), dir,
                INPUT).data());
        assertThat(PruneFixtures.params(pruned)).isLessThan(PruneFixtures.params(zeroed));
    }

    @Test
    void removingLiveChannelsShrinksEveryDependentTensorAsComputed() throws Exception {
        OnnxModel model = TinyResNet.build(2, TinyResNet.Zeroed.NONE);
        long before = PruneFixtures.params(model);
        assertThat(before).isEqualTo(8 * 27 + 8 + 4 * 8 + 8 * 72 + 8 + 4 * 72 + 4 + 6 * 108 + 6 + 10 * 96 + 10
                + 10 * 5 + 5);

        OnnxModel pruned = ChannelSurgery.keep(model, Map.of("conv1", new int[] {0, 1, 2, 3, 4, 5},
                "conv2", new int[] {0, 1, 2, 3, 4, 5}, "conv4", new int[] {0, 1, 2}, "fc1", new int[] {0, 1, 2, 3}));

        // residual 8→6 channels, concat 12→10, conv4 6→3 (48 features into fc1), fc1 10→4 neurons
        long expected = 6 * 27 + 6 + 4 * 6 + 6 * 54 + 6 + 4 * 54 + 4 + 3 * 90 + 3 + 4 * 48 + 4 + 4 * 5 + 5;
        assertThat(PruneFixtures.params(pruned)).isEqualTo(expected);
        assertThat(PruneFixtures.run(pruned, dir, INPUT).shape()).containsExactly(2, 5);
        assertThat(pruned.proto().getGraph().getNodeList()).isEqualTo(model.proto().getGraph().getNodeList());
    }

    @Test
    void channelsTiedThroughTheResidualAddMustGoTogether() {
        OnnxModel model = TinyResNet.build(3, TinyResNet.Zeroed.NONE);

        assertThatThrownBy(() -> ChannelSurgery.keep(model, Map.of("conv1", new int[] {0, 1, 2, 3})))
                .isInstanceOf(PruneException.class)
                .hasMessageContaining("of 'conv1'").hasMessageContaining("of 'conv2'")
                .hasMessageContaining("must be kept or removed together");
    }

    @Test
    void theClassesAreNeverPruned() {
        OnnxModel model = TinyResNet.build(4, TinyResNet.Zeroed.NONE);

        assertThat(ChannelSurgery.layers(model)).extracting(PrunableLayer::node, PrunableLayer::channels,
                PrunableLayer::locked).containsExactly(
                        tuple("conv1", 8, 0), tuple(
                                "conv2", 8, 0), tuple("conv3", 4, 0),
                        tuple("conv4", 6, 0),
                        tuple("fc1", 10, 0),
                        tuple("fc2", 5, 5));
        assertThatThrownBy(() -> ChannelSurgery.keep(model, Map.of("fc2", new int[] {0, 1})))
                .isInstanceOf(PruneException.class)
                .hasMessage("channel 2 of 'fc2' cannot be removed: it reaches the graph output 'logits'");
    }

    @Test
    void keepFirstBuildsAHalfWidthStudentThatRuns() throws Exception {
        OnnxModel model = TinyResNet.build(5, TinyResNet.Zeroed.NONE);

        OnnxModel half = ChannelSurgery.keepFirst(model, 0.5);

        assertThat(ChannelSurgery.layers(half)).extracting(PrunableLayer::channels)
                .containsExactly(4, 4, 2, 3, 5, 5);
        assertThat(PruneFixtures.run(half, dir, INPUT).shape()).containsExactly(2, 5);
    }

    @Test
    void pruningHalfTheChannelsRemovesResidualTiedChannelsTogetherInBothScopes() throws Exception {
        OnnxModel model = TinyResNet.build(6, TinyResNet.Zeroed.NONE);
        for (PruneSpec.Scope scope : PruneSpec.Scope.values()) {
            PruneSpec spec = new PruneSpec(PruneSpec.Method.L2, PruneSpec.Structure.CHANNEL, 0.5, scope,
                    PruneSchedule.ONE_SHOT, List.of());

            PruneResult result = new Pruner(PruneFixtures.PYTORCH).prune(model, spec, Progress.NONE);

            List<PrunableLayer> layers = ChannelSurgery.layers(result.model());
            assertThat(layers.get(0).channels()).as(scope.name()).isEqualTo(layers.get(1).channels());
            assertThat(layers.get(5).channels()).isEqualTo(5);
            if (scope == PruneSpec.Scope.PER_LAYER) {
                assertThat(layers).extracting(PrunableLayer::channels).containsExactly(4, 4, 2, 3, 5, 5);
            }
            assertThat(PruneFixtures.run(result.model(), dir, INPUT).shape()).containsExactly(2, 5);
        }
    }
}
