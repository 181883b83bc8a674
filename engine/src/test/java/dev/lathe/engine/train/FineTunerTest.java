package dev.lathe.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FineTunerTest {
    private static NDManager manager;
    private static OnnxModel cnn;

    @BeforeAll
    static void start() throws Exception {
        Bridge.start();
        manager = Bridge.manager();
        cnn = OnnxModel.read(Samples.cnn());
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndAnotherSeedDoesNot() throws Exception {
        List<TensorProto> first = fineTune(7, Progress.NONE);
        List<TensorProto> again = fineTune(7, Progress.NONE);
        List<TensorProto> other = fineTune(8, Progress.NONE);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(first).isNotEqualTo(cnn.proto().getGraph().getInitializerList());
    }

    @Test
    void reportsProgressUpToEveryExampleOfEveryEpoch() throws Exception {
        List<Long> done = new ArrayList<>();
        GraphBlock block = GraphBlock.of("cnn.onnx", cnn, manager);
        FineTuneConfig config = new FineTuneConfig(FineTuneConfig.Optimizer.SGD, 0.01, 16, 2, 1, 40);

        List<EpochResult> epochs = new FineTuner(Bridge.PYTORCH).fineTune("cnn.onnx", block, Bridge.fashion(),
                Bridge.FASHION, config, (d, total, message) -> {
                    assertThat(total).isEqualTo(80);
                    done.add(d);
                });

        assertThat(done).containsExactly(16L, 32L, 40L, 56L, 72L, 80L);
        assertThat(epochs).extracting(EpochResult::examples).containsExactly(40, 40);
    }

    @Test
    void anInterruptedRunStopsWithCancelled() throws Exception {
        GraphBlock block = GraphBlock.of("cnn.onnx", cnn, manager);
        FineTuneConfig config = new FineTuneConfig(FineTuneConfig.Optimizer.SGD, 0.01, 16, 1, 1, 64);

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> new FineTuner(Bridge.PYTORCH).fineTune("cnn.onnx", block, Bridge.fashion(),
                    Bridge.FASHION, config, Progress.NONE))
                    .isInstanceOf(CancelledException.class).hasMessage("Fine-tuning of cnn.onnx was cancelled");
        } finally {
            Thread.interrupted();
        }
    }

    /** One epoch of Adam over 512 test images in batches of 64, as the trained model's initializers. */
    private static List<TensorProto> fineTune(long seed, Progress progress) throws Exception {
        try (NDManager run = manager.newSubManager()) {
            GraphBlock block = GraphBlock.of("cnn.onnx", cnn, run);
            FineTuneConfig config = new FineTuneConfig(FineTuneConfig.Optimizer.ADAM, 1e-3, 64, 1, seed, 512);
            long start = System.nanoTime();
            List<EpochResult> epochs = new FineTuner(Bridge.PYTORCH).fineTune("cnn.onnx", block, Bridge.fashion(),
                    Bridge.FASHION, config, progress);
            System.out.printf("cnn.onnx: 8 Adam steps of 64 images, seed %d, in %d ms: %s%n", seed,
                    (System.nanoTime() - start) / 1_000_000, epochs);
            return block.toOnnx().proto().getGraph().getInitializerList();
        }
    }
}
