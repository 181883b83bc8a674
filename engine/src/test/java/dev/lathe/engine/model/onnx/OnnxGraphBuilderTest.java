package dev.lathe.engine.model.onnx;

import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intAttr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.lathe.engine.model.ElementType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxGraphBuilderTest {
    // y = relu(x · Wᵀ + b), with W stored [out, in] as Gemm reads it under transB=1.
    private static final float[] WEIGHTS = {1f, -2f, 0.5f, -1f, 1f, 3f};
    private static final float[] BIAS = {0.25f, -1f};

    @TempDir
    Path dir;

    @Test
    void gemmReluModelRunsInOnnxRuntimeWithHandComputedResults() throws Exception {
        Path file = dir.resolve("nested/gemm_relu.onnx");
        gemmRelu().write(file);

        float[][] x = {{1f, 2f, 3f}, {-1f, 0.5f, 2f}};
        // row 0: [1-4+1.5+0.25, -1+2+9-1] = [-1.25, 9]      -> relu [0, 9]
        // row 1: [-1-1+1+0.25, 1+0.5+6-1] = [-0.75, 6.5]    -> relu [0, 6.5]
        float[][] expected = {{0f, 9f}, {0f, 6.5f}};

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, x);
                OrtSession.Result result = session.run(Map.of("x", input))) {
            float[][] y = (float[][]) result.get(0).getValue();
            for (int row = 0; row < 2; row++) {
                for (int col = 0; col < 2; col++) {
                    assertThat(y[row][col]).isCloseTo(expected[row][col], within(1e-6f));
                }
            }
        }
    }

    @Test
    void writtenModelKeepsSymbolicBatchFixedDimsMetadataAndProducer() throws Exception {
        Path file = dir.resolve("gemm_relu.onnx");
        gemmRelu().write(file);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
            TensorInfo in = (TensorInfo) session.getInputInfo().get("x").getInfo();
            TensorInfo out = (TensorInfo) session.getOutputInfo().get("y").getInfo();
            assertThat(in.getShape()).containsExactly(-1L, 3L);
            assertThat(in.getDimensionNames()[0]).isEqualTo("batch");
            assertThat(out.getShape()).containsExactly(-1L, 2L);
            assertThat(session.getMetadata().getProducerName()).isEqualTo("lathe-test");
            assertThat(session.getMetadata().getCustomMetadata()).containsEntry("lathe.labels", "a,b");
        }
        assertThat(gemmRelu().build().getIrVersion()).isEqualTo(OnnxGraphBuilder.IR_VERSION);
        assertThat(gemmRelu().build().getOpsetImport(0).getVersion()).isEqualTo(OnnxGraphBuilder.DEFAULT_OPSET);
    }

    @Test
    void nodeReadingAnUndefinedValueIsRejectedNamingTheNode() {
        OnnxGraphBuilder builder = new OnnxGraphBuilder("broken")
                .input("x", ElementType.FLOAT, List.of("batch", 3))
                .node("Relu", List.of("typo"), List.of("y"), "/act/Relu")
                .output("y", ElementType.FLOAT, List.of("batch", 3));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/act/Relu")
                .hasMessageContaining("typo");
    }

    @Test
    void initializerWhoseShapeDoesNotMatchItsValuesIsRejected() {
        OnnxGraphBuilder builder = new OnnxGraphBuilder("g");

        assertThatThrownBy(() -> builder.initializer("w", new float[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'w'");
    }

    @Test
    void everyLatheElementTypeButOtherHasTheOnnxTypeOfTheSameName() {
        for (ElementType type : ElementType.values()) {
            if (type != ElementType.OTHER) {
                assertThat(OnnxGraphBuilder.dataType(type).name()).isEqualTo(type.name());
            }
        }
        assertThatThrownBy(() -> OnnxGraphBuilder.dataType(ElementType.OTHER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static OnnxGraphBuilder gemmRelu() {
        return new OnnxGraphBuilder("gemm_relu")
                .producer("lathe-test", "1")
                .docString("y = relu(x W^T + b)")
                .metadata("lathe.labels", "a,b")
                .input("x", ElementType.FLOAT, List.of("batch", 3L))
                .initializer("fc.weight", WEIGHTS, 2, 3)
                .initializer("fc.bias", BIAS, 2)
                .node("Gemm", List.of("x", "fc.weight", "fc.bias"), List.of("fc_out"), "/fc/Gemm",
                        intAttr("transB", 1))
                .node("Relu", List.of("fc_out"), List.of("y"), "/act/Relu")
                .output("y", ElementType.FLOAT, List.of("batch", 2L));
    }
}
