package dev.lathe.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpZooTest {
    private static NDManager manager;
    private static final FloatTensor INPUT = new FloatTensor(OpZoo.input(11), OpZoo.INPUT);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Bridge.start();
        manager = Bridge.manager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"logits", "probs"})
    void everyTrainableOperatorMatchesOnnxRuntime(String output) throws Exception {
        OnnxModel zoo = OpZoo.build(3, output);
        GraphBlock block = GraphBlock.of("zoo.onnx", zoo, manager);

        double diff = Bridge.maxAbsDiff(Bridge.djl(block, manager, INPUT), Bridge.ort(zoo, dir, INPUT).data());

        System.out.printf("zoo.onnx %s: DJL vs ORT max abs diff %.3g%n", output, diff);
        assertThat(diff).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void trainingUpdatesRunningStatisticsAndConstantWeightsAndExportMatches() throws Exception {
        OnnxModel zoo = OpZoo.build(3, "logits");
        GraphBlock block = GraphBlock.of("zoo.onnx", zoo, manager);
        FineTuneConfig adam = new FineTuneConfig(FineTuneConfig.Optimizer.ADAM, 0.01, 4, 1, 5, 0);

        try (TrainingLoop loop = new TrainingLoop("zoo.onnx", block, adam)) {
            loop.step(INPUT, new int[] {0, 1, 2, 3}, new int[] {0, 1, 2, 3});
            loop.step(INPUT, new int[] {4, 3, 2, 1}, new int[] {0, 1, 2, 3});
        }
        OnnxModel trained = block.toOnnx();

        double diff = Bridge.maxAbsDiff(Bridge.djl(block, manager, INPUT), Bridge.ort(trained, dir, INPUT).data());
        System.out.printf("zoo.onnx trained: DJL vs ORT max abs diff %.3g%n", diff);
        assertThat(diff).isLessThanOrEqualTo(1e-4);
        assertThat(CnnBridgeTest.changedInitializers(zoo, trained))
                .contains("bn.mean", "bn.var", "bn.scale", "c1.w", "c4.w", "fc1.w", "fc2.b", "out.b")
                .doesNotContain("clip.min", "clip.max", "ratio", "shape");
        assertThat(constantValue(trained)).isNotEqualTo(constantValue(zoo));
    }

    @Test
    void seededDropoutTrainsReproducibly() throws Exception {
        assertThat(trainWithDropout(21)).isEqualTo(trainWithDropout(21)).isNotEqualTo(trainWithDropout(22));
    }

    private static List<com.google.protobuf.ByteString> trainWithDropout(int seed) throws Exception {
        try (NDManager run = manager.newSubManager()) {
            GraphBlock block = GraphBlock.of("zoo.onnx", OpZoo.build(3, "logits"), run);
            Bridge.PYTORCH.engine().setRandomSeed(seed);
            try (TrainingLoop loop = new TrainingLoop("zoo.onnx", block,
                    new FineTuneConfig(FineTuneConfig.Optimizer.SGD, 0.1, 4, 1, seed, 0))) {
                loop.step(INPUT, new int[] {0, 1, 2, 3}, new int[] {0, 1, 2, 3});
            }
            return block.toOnnx().proto().getGraph().getInitializerList().stream()
                    .map(t -> t.getRawData()).toList();
        }
    }

    @Test
    void unsupportedOperatorsAreAllNamedBeforeAnyWork() {
        OnnxModel model = new OnnxModel(new OnnxGraphBuilder("rnn")
                .input("x", ElementType.FLOAT, List.of(1, 4, 8))
                .output("y", ElementType.FLOAT, List.of(1, 1, 4, 16))
                .initializer("w", new float[4 * 8 * 16], 1, 64, 8)
                .initializer("r", new float[4 * 16 * 16], 1, 64, 16)
                .node("Equal", List.of("x", "x"), List.of("same"), "equal")
                .node("LSTM", List.of("x", "w", "r"), List.of("y"), "lstm", OnnxGraphBuilder.intAttr("hidden_size", 16))
                .node("Relu", List.of("y"), List.of("z"), "relu")
                .build());

        assertThatThrownBy(() -> GraphBlock.of("rnn.onnx", model, manager))
                .isInstanceOfSatisfying(UnsupportedOpsException.class,
                        e -> assertThat(e.opTypes()).containsExactly("Equal", "LSTM"))
                .hasMessageStartingWith("rnn.onnx uses operators Lathe cannot train: Equal, LSTM.")
                .hasMessageContaining("Conv").hasMessageContaining("Gather").hasMessageContaining("Resize");
    }

    private static com.google.protobuf.ByteString constantValue(OnnxModel model) {
        return model.proto().getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Constant"))
                .findFirst().orElseThrow().getAttribute(0).getT().getRawData();
    }
}
