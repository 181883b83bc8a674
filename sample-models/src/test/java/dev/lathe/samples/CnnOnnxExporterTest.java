package dev.lathe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.onnx.proto.OnnxMl;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export path on a narrow network after one short epoch on synthetic images: no dataset, no real training. */
class CnnOnnxExporterTest {
    @TempDir
    Path dir;

    @Test
    void exportedNetworkWithFoldedBatchNormGivesDjlsLogitsInOnnxRuntime() throws Exception {
        FashionMnist train = synthetic(96, 1);
        FashionMnist test = synthetic(16, 2);
        FashionCnn cnn = new FashionCnn(4, 8, 16);
        Path onnx = dir.resolve("cnn.onnx");
        List<CnnTrainer.EpochResult> epochs = new ArrayList<>();
        try (Model model = Model.newInstance("tiny", FashionMnistCnnGenerator.ENGINE)) {
            model.setBlock(cnn.block());
            CnnTrainer.train(model, train, test, new CnnTrainer.Settings(1, 32, 1e-2f, 1e-3f), epochs::add);
            // Training must have moved the running statistics, or the folding would be tested on identities.
            float[] runningMean = cnn.convLayers().get(0).norm().getParameters().get("runningMean").getArray()
                    .toFloatArray();
            assertThat(runningMean).isNotEqualTo(new float[runningMean.length]);

            CnnOnnxExporter.export(cnn, new OnnxGraphBuilder("tiny").metadata("lathe.preprocessing", "scale=1/255"),
                    onnx);
            Verification check = Verification.of(model, onnx, test, test.count(), 1);

            assertThat(check.maxAbsDiff()).isLessThan(1e-4);
            assertThat(check.ortTop1()).isEqualTo(check.djlTop1());
        }
        assertThat(epochs).hasSize(1);
    }

    @Test
    void exportedGraphHasNamedLayersSymbolicBatchAndNoBatchNorm() throws Exception {
        FashionCnn cnn = new FashionCnn(4, 8, 16);
        Path onnx = dir.resolve("cnn.onnx");
        try (Model model = Model.newInstance("tiny", FashionMnistCnnGenerator.ENGINE)) {
            model.setBlock(cnn.block());
            CnnTrainer.train(model, synthetic(32, 3), synthetic(8, 4), new CnnTrainer.Settings(1, 32, 1e-3f, 0f),
                    epoch -> { });
            CnnOnnxExporter.export(cnn, new OnnxGraphBuilder("tiny"), onnx);
        }
        OnnxMl.GraphProto graph;
        try (InputStream in = Files.newInputStream(onnx)) {
            graph = OnnxMl.ModelProto.parseFrom(in).getGraph();
        }
        List<String> nodes = graph.getNodeList().stream().map(OnnxMl.NodeProto::getName).toList();

        assertThat(nodes).startsWith("/features/conv1/Conv", "/features/conv1/Relu", "/features/conv2/Conv")
                .contains("/features/pool1/MaxPool", "/classifier/flatten/Flatten", "/classifier/fc1/Gemm")
                .endsWith("/classifier/fc2/Gemm");
        assertThat(graph.getNodeList()).noneMatch(n -> n.getOpType().equals("BatchNormalization"));
        assertThat(graph.getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam()).isEqualTo("batch");
        assertThat(graph.getOutput(0).getName()).isEqualTo("logits");
        assertThat(graph.getOutput(0).getType().getTensorType().getShape().getDim(1).getDimValue()).isEqualTo(10);
        assertThat(cnn.flattenedSize()).isEqualTo(8 * 7 * 7);
    }

    private static FashionMnist synthetic(int n, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[n * FashionMnist.IMAGE_SIZE];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256) / 255f;
        }
        int[] labels = random.ints(n, 0, 10).toArray();
        return new FashionMnist(pixels, labels);
    }
}
