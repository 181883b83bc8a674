package dev.lathe.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.lathe.engine.task.Progress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CnnBridgeTest {
    private static NDManager manager;
    private static OnnxModel cnn;
    private static FloatTensor images;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Bridge.start();
        manager = Bridge.manager();
        cnn = OnnxModel.read(Samples.cnn());
        images = Bridge.images(0, 64);
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void convertedCnnGivesOnnxRuntimesLogitsOnRealImages() throws Exception {
        GraphBlock block = GraphBlock.of("cnn.onnx", cnn, manager);

        float[] djl = Bridge.djl(block, manager, images);
        float[] ort = Bridge.ort(cnn, dir, images).data();

        double diff = Bridge.maxAbsDiff(djl, ort);
        System.out.printf("cnn.onnx DJL vs ORT max abs diff %.3g%n", diff);
        assertThat(diff).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void trainedCnnExportsExactlyWhatTheBlockComputes() throws Exception {
        GraphBlock block = GraphBlock.of("cnn.onnx", cnn, manager);
        FineTuneConfig twoSteps = new FineTuneConfig(FineTuneConfig.Optimizer.SGD, 0.05, 32, 1, 1, 64);

        long start = System.nanoTime();
        List<EpochResult> epochs = new FineTuner(Bridge.PYTORCH).fineTune("cnn.onnx", block, Bridge.fashion(),
                Bridge.FASHION, twoSteps, Progress.NONE);
        System.out.printf("cnn.onnx: 2 SGD steps of 32 images in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        OnnxModel trained = block.toOnnx();

        double diff = Bridge.maxAbsDiff(Bridge.ort(trained, dir, images).data(), Bridge.djl(block, manager, images));
        System.out.printf("cnn.onnx trained: ORT vs DJL max abs diff %.3g%n", diff);
        assertThat(diff).isLessThanOrEqualTo(1e-4);
        assertThat(epochs).singleElement().satisfies(e -> assertThat(e.meanLoss()).isPositive().isFinite());
        assertThat(changedInitializers(cnn, trained)).contains("classifier.fc2.weight", "features.conv1.weight");
    }

    @Test
    void exportWithoutTrainingRunsLikeTheOriginal() throws Exception {
        GraphBlock block = GraphBlock.of("cnn.onnx", cnn, manager);

        OnnxModel exported = block.toOnnx();

        double diff = Bridge.maxAbsDiff(Bridge.ort(exported, dir, images).data(), Bridge.ort(cnn, dir, images).data());
        System.out.printf("cnn.onnx round trip max abs diff %.3g%n", diff);
        assertThat(diff).isLessThanOrEqualTo(1e-5);
        assertThat(exported.proto().getGraph().getNodeList()).isEqualTo(cnn.proto().getGraph().getNodeList());
        assertThat(changedInitializers(cnn, exported)).isEmpty();
    }

    static List<String> changedInitializers(OnnxModel before, OnnxModel after) {
        Map<String, TensorProto> old = new HashMap<>();
        before.proto().getGraph().getInitializerList().forEach(t -> old.put(t.getName(), t));
        return after.proto().getGraph().getInitializerList().stream()
                .filter(t -> t.getDataType() != TensorProto.DataType.FLOAT_VALUE ? !t.equals(old.get(t.getName()))
                        : !floats(t).equals(floats(old.get(t.getName()))))
                .map(TensorProto::getName).toList();
    }

    private static List<Float> floats(TensorProto t) {
        try {
            float[] values = GraphConstants.floats(t);
            List<Float> list = new java.util.ArrayList<>();
            for (float v : values) {
                list.add(v);
            }
            return list;
        } catch (TrainingException e) {
            throw new AssertionError(e);
        }
    }
}
