package dev.lathe.engine.export.pte;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnsupportedOpsTest {
    @Test
    void everyUnsupportedNodeIsNamedInOneMessage() {
        OnnxModel model = new OnnxModel(new OnnxGraphBuilder("g")
                .input("x", ElementType.FLOAT, List.of(1, 4))
                .output("y", ElementType.FLOAT, List.of(1, 4))
                .node("Relu", List.of("x"), List.of("a"), "fine")
                .node("Sin", List.of("a"), List.of("b"), "/block/sin")
                .node("Cos", List.of("b"), List.of("c"), "/block/cos")
                .node("Sin", List.of("c"), List.of("y"), "/head/sin")
                .build());
        assertThatThrownBy(() -> OnnxToPte.export(model, "trig.onnx", Optional.empty()))
                .isInstanceOf(PteExportException.class)
                .hasMessageStartingWith("trig.onnx: ExecuTorch export has no lowering for 3 nodes: "
                        + "Sin ('/block/sin'), Cos ('/block/cos'), Sin ('/head/sin'). Supported: ");
    }

    @Test
    void anInputShapeThatContradictsTheModelIsRefusedNamingBoth() {
        OnnxModel model = new OnnxModel(new OnnxGraphBuilder("g")
                .input("x", ElementType.FLOAT, List.of("batch", 4))
                .output("y", ElementType.FLOAT, List.of("batch", 4))
                .node("Relu", List.of("x"), List.of("y"), "relu").build());
        assertThatThrownBy(() -> OnnxToPte.export(model, "m.onnx", Optional.of(new long[] {2, 5})))
                .hasMessage("m.onnx: input 'x' has shape batch×4; the input shape 2×5 does not fit it");
    }

    @Test
    void anUnsupportedAttributeNamesTheNodeAndWhatToChange() {
        OnnxModel model = new OnnxModel(new OnnxGraphBuilder("g")
                .input("x", ElementType.FLOAT, List.of(1, 1, 5, 5))
                .output("y", ElementType.FLOAT, List.of(1, 1, 2, 2))
                .node("MaxPool", List.of("x"), List.of("y"), "/pool", OnnxGraphBuilder.intsAttr("kernel_shape", 2, 2),
                        OnnxGraphBuilder.stringAttr("auto_pad", "SAME_UPPER"))
                .build());
        assertThatThrownBy(() -> OnnxToPte.export(model, "m.onnx", Optional.empty()))
                .hasMessage("m.onnx: MaxPool node '/pool' uses auto_pad=SAME_UPPER; export it with explicit pads.");
    }

    @Test
    void aResizeOtherThanNearestIsRefusedNamingTheNode() {
        OnnxModel model = resize("/up", OnnxGraphBuilder.stringAttr("mode", "linear"));
        assertThatThrownBy(() -> OnnxToPte.export(model, "m.onnx", Optional.empty()))
                .hasMessage("m.onnx: Resize node '/up' resizes in mode 'linear'; only nearest is exported.");
    }

    @Test
    void aResizeWhoseRoundingTheKernelWouldNotReproduceIsRefusedNamingTheModes() {
        OnnxModel model = resize("/up", OnnxGraphBuilder.stringAttr("coordinate_transformation_mode", "asymmetric"));
        assertThatThrownBy(() -> OnnxToPte.export(model, "m.onnx", Optional.empty()))
                .hasMessage("m.onnx: Resize node '/up' maps output 2 of axis 2 to input 1 (coordinate_transformation_mode "
                        + "asymmetric, nearest_mode round_prefer_floor, 2 to 6), where upsample_nearest2d takes 0; "
                        + "export it with an integer upscale or asymmetric/floor.");
    }

    @Test
    void aSliceWithANegativeStepIsRefusedNamingTheNode() {
        OnnxModel model = new OnnxModel(new OnnxGraphBuilder("g")
                .input("x", ElementType.FLOAT, List.of(1, 6))
                .output("y", ElementType.FLOAT, List.of(1, 6))
                .initializer("s", new long[] {-1}, 1).initializer("e", new long[] {Long.MIN_VALUE}, 1)
                .initializer("a", new long[] {1}, 1).initializer("st", new long[] {-1}, 1)
                .node("Slice", List.of("x", "s", "e", "a", "st"), List.of("y"), "/reverse").build());
        assertThatThrownBy(() -> OnnxToPte.export(model, "m.onnx", Optional.empty()))
                .hasMessageStartingWith("m.onnx: Slice node '/reverse' slices axis 1 with step -1; only positive "
                        + "steps are exported");
    }

    private static OnnxModel resize(String name, ai.onnx.proto.OnnxMl.AttributeProto mode) {
        return new OnnxModel(new OnnxGraphBuilder("g").opset(13)
                .input("x", ElementType.FLOAT, List.of(1, 1, 2, 2))
                .output("y", ElementType.FLOAT, List.of(1, 1, 6, 6))
                .initializer("scales", new float[] {1, 1, 3, 3}, 4)
                .node("Resize", List.of("x", "", "scales"), List.of("y"), name, mode).build());
    }

    @Test
    void aCastOfATensorToAnotherTypeAndAGatherByComputedIndicesAreRefusedNamingTheNode() {
        OnnxModel cast = new OnnxModel(new OnnxGraphBuilder("g")
                .input("x", ElementType.FLOAT, List.of(2, 3))
                .output("y", ElementType.INT64, List.of(2, 3))
                .node("Cast", List.of("x"), List.of("y"), "/to_long", OnnxGraphBuilder.intAttr("to", 7)).build());
        assertThatThrownBy(() -> OnnxToPte.export(cast, "m.onnx", Optional.empty()))
                .hasMessage("m.onnx: Cast node '/to_long' casts a float tensor to ONNX type 7; float32 and float16 "
                        + "tensors are exported, cast only between them (casts of constants and shapes are computed "
                        + "at export).");
        OnnxModel gather = new OnnxModel(new OnnxGraphBuilder("g")
                .input("x", ElementType.FLOAT, List.of(4, 3))
                .output("y", ElementType.FLOAT, List.of(4, 3, 3))
                .node("Gather", List.of("x", "x"), List.of("y"), "/lookup").build());
        assertThatThrownBy(() -> OnnxToPte.export(gather, "m.onnx", Optional.empty()))
                .hasMessage("m.onnx: Gather node '/lookup' needs a constant for input 1 (indices); one computed "
                        + "from tensors is not exported.");
    }
}
