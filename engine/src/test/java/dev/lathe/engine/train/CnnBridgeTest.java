package dev.lathe.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import java.nio.file.Path;
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
    void exportWithoutTrainingRunsLikeTheOriginal() throws Exception {
        GraphBlock block = GraphBlock.of("cnn.onnx", cnn, manager);

        OnnxModel exported = block.toOnnx();

        double diff = Bridge.maxAbsDiff(Bridge.ort(exported, dir, images).data(), Bridge.ort(cnn, dir, images).data());
        System.out.printf("cnn.onnx round trip max abs diff %.3g%n", diff);
        assertThat(diff).isLessThanOrEqualTo(1e-5);
        assertThat(exported.proto().getGraph().getNodeList()).isEqualTo(cnn.proto().getGraph().getNodeList());
    }
}
