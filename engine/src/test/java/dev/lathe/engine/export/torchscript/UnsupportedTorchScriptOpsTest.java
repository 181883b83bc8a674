package dev.lathe.engine.export.torchscript;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnsupportedTorchScriptOpsTest {
    @Test
    void namesEveryNodeWithoutALoweringInOneMessage() {
        OnnxModel model = new OnnxModel(new OnnxGraphBuilder("g").input("x", ElementType.FLOAT, List.of(1, 4))
                .output("y", ElementType.FLOAT, List.of(1, 4))
                .node("Sin", List.of("x"), List.of("a"), "/a/sin")
                .node("Relu", List.of("a"), List.of("b"), "/b/relu")
                .node("com.example", "Magic", List.of("b"), List.of("c"), "/c/magic")
                .node("Cos", List.of("c"), List.of("y"), "/d/cos").build());

        assertThatThrownBy(() -> OnnxToTorchScript.export(model, "trig.onnx", OnnxToTorchScript.Precision.FP32))
                .isInstanceOf(TorchScriptExportException.class)
                .hasMessageStartingWith("trig.onnx: TorchScript export has no lowering for 3 nodes: Sin ('/a/sin'), "
                        + "com.example.Magic ('/c/magic'), Cos ('/d/cos'). Supported: ")
                .hasMessageContaining("Conv, ");
    }

    @Test
    void refusesQdqInt8ModelsNamingTheirQuantizeNodes() {
        OnnxModel model = new OnnxModel(new OnnxGraphBuilder("g").input("x", ElementType.FLOAT, List.of(1, 4))
                .output("y", ElementType.FLOAT, List.of(1, 4))
                .initializer("s", new float[] {0.1f}).initializer("z", ElementType.INT8, new byte[] {0}, 1)
                .node("QuantizeLinear", List.of("x", "s", "z"), List.of("q"), "/q")
                .node("DequantizeLinear", List.of("q", "s", "z"), List.of("y"), "/dq").build());

        assertThatThrownBy(() -> OnnxToTorchScript.export(model, "cnn.int8.onnx", OnnxToTorchScript.Precision.FP32))
                .hasMessageContaining("2 nodes: QuantizeLinear ('/q'), DequantizeLinear ('/dq')")
                .hasMessageContaining("QDQ int8 models (QuantizeLinear, DequantizeLinear) are not exported: export "
                        + "the float model they were quantized from.");
    }

    @Test
    void refusesAnInputThatIsNotFloat32() {
        OnnxModel model = new OnnxModel(new OnnxGraphBuilder("g").input("x", ElementType.FLOAT, List.of(2, 3))
                .input("shape", ElementType.INT64, List.of(2)).output("y", ElementType.FLOAT, List.of(3, 2))
                .node("Reshape", List.of("x", "shape"), List.of("y"), "/reshape").build());

        assertThatThrownBy(() -> OnnxToTorchScript.export(model, "m.onnx", OnnxToTorchScript.Precision.FP32))
                .hasMessage("m.onnx: input 'shape' is not float32; only float32 inputs are exported");
    }
}
