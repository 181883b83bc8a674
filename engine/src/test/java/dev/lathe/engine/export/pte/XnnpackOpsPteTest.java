package dev.lathe.engine.export.pte;

import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.floatAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intsAttr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.model.onnx.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op model, exported with the XNNPACK delegate and run by the real runtime against ONNX Runtime: the ops the
 * partitioner claims become one delegate call, the others stay on portable kernels, and both match.
 */
class XnnpackOpsPteTest {
    /** The op models XNNPACK must take whole; every other one must stay on portable kernels. */
    private static final Set<String> DELEGATED = Set.of("Conv (stride 2, pads 1, 2 groups, bias)",
            "Conv (dilation 2, no bias)", "Gemm (alpha, beta, transB)", "Gemm (no bias)", "MatMul 2-D",
            "MatMul N-D by 2-D", "Add (broadcast constant)", "Sub (broadcast constant)", "Mul (broadcast constant)",
            "Max (broadcast constant)", "Div (by a constant away from 0)", "Add (two activations)", "Relu", "Sigmoid",
            "Tanh", "HardSwish", "LeakyRelu", "Clip (min and max inputs)", "Softmax (last axis)",
            "AveragePool (pads excluded)", "GlobalAveragePool", "Flatten (axis 2)", "Reshape (0 and -1)",
            "Transpose", "Unsqueeze then Squeeze", "Reshape to a shape computed by Shape, Gather, Cast, Concat",
            "Reshape to a shape computed by Shape, Slice, Concat", "Constant node", "Depthwise Conv (asymmetric pads)",
            "MaxPool (2×2, stride 2)", "Elu", "Abs", "Neg", "Exp", "Floor", "Ceil", "Min (broadcast constant)",
            "Conv, Relu, MaxPool, Flatten, Gemm, Softmax", "Sqrt (of x·x)");

    @TempDir
    Path dir;

    static List<OpModels.OpModel> models() {
        List<OpModels.OpModel> m = new ArrayList<>(OpModels.all());
        m.add(OpModels.single("Depthwise Conv (asymmetric pads)", 17, new long[] {1, 4, 7, 7}, g -> g
                .initializer("w", OpModels.random(4 * 3 * 3, 21), 4, 1, 3, 3).initializer("b", OpModels.random(4, 22), 4)
                .node("Conv", List.of("x", "w", "b"), List.of("y"), "dw", intAttr("group", 4),
                        intsAttr("pads", 1, 0, 2, 1))));
        m.add(OpModels.single("MaxPool (2×2, stride 2)", 17, new long[] {1, 3, 8, 6}, g -> g
                .node("MaxPool", List.of("x"), List.of("y"), "pool", intsAttr("kernel_shape", 2, 2),
                        intsAttr("strides", 2, 2))));
        m.add(OpModels.single("Elu", 17, new long[] {2, 6}, g -> g
                .node("Elu", List.of("x"), List.of("y"), "elu", floatAttr("alpha", 0.7f))));
        for (String op : List.of("Abs", "Neg", "Exp", "Floor", "Ceil")) {
            m.add(OpModels.single(op, 17, new long[] {2, 3, 4}, g -> g.node(op, List.of("x"), List.of("y"), "op")));
        }
        m.add(OpModels.single("Min (broadcast constant)", 17, new long[] {2, 4, 3, 3}, g -> g
                .initializer("c", OpModels.random(4, 23), 1, 4, 1, 1).node("Min", List.of("x", "c"), List.of("y"), "op")));
        m.add(OpModels.single("Conv, Relu, MaxPool, Flatten, Gemm, Softmax", 17, new long[] {2, 3, 8, 8}, g -> g
                .initializer("w", OpModels.random(5 * 3 * 3 * 3, 24), 5, 3, 3, 3).initializer("c", OpModels.random(5, 25), 1, 5, 1, 1)
                .initializer("f", OpModels.random(4 * 80, 26), 4, 80)
                .node("Conv", List.of("x", "w"), List.of("a"), "conv", intsAttr("pads", 1, 1, 1, 1))
                .node("Add", List.of("a", "c"), List.of("b"), "bias")
                .node("Relu", List.of("b"), List.of("r"), "relu")
                .node("MaxPool", List.of("r"), List.of("p"), "pool", intsAttr("kernel_shape", 2, 2),
                        intsAttr("strides", 2, 2))
                .node("Flatten", List.of("p"), List.of("v"), "flatten")
                .node("Gemm", List.of("v", "f"), List.of("z"), "fc", intAttr("transB", 1))
                .node("Softmax", List.of("z"), List.of("y"), "softmax")));
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void runsInExecuTorchAsInOnnxRuntimeDelegatedWhereXnnpackTakesIt(OpModels.OpModel model) throws Exception {
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        PteExport export = OnnxToPte.export(new OnnxModel(model.proto()), model.name(), Optional.empty(),
                PteDelegate.XNNPACK);
        float[] input = OpModels.random((int) Shapes.elements(model.inputShape()), 42);
        for (int i = 0; i < input.length; i++) {
            input[i] *= 3;
        }
        float[] executorch = et.output(Files.write(dir.resolve("op.pte"), export.bytes()),
                ExecuTorchRuntime.floats(dir.resolve("x.bin"), input));
        float[] reference;
        try (OrtReference ort = new OrtReference(model.proto().toByteArray())) {
            reference = ort.run(input, model.inputShape());
        }
        assertThat(OrtReference.maxAbsDiff(executorch, reference)).isLessThanOrEqualTo(1e-4);
        if (DELEGATED.contains(model.name())) {
            assertThat(export.operatorCounts()).isEqualTo(Map.of("delegate:XnnpackBackend", 1));
        } else {
            assertThat(export.operatorCounts()).doesNotContainKey("delegate:XnnpackBackend");
        }
    }

    @Test
    void anOpXnnpackDoesNotTakeSplitsTheGraphIntoTwoDelegateCallsWithPortableKernelsBetween() throws Exception {
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        long[] shape = {2, 3, 6, 6};
        OpModels.OpModel model = OpModels.single("Conv, Erf, Conv", 17, shape, g -> g
                .initializer("w1", OpModels.random(4 * 3 * 3 * 3, 31), 4, 3, 3, 3)
                .initializer("w2", OpModels.random(2 * 4 * 3 * 3, 32), 2, 4, 3, 3)
                .node("Conv", List.of("x", "w1"), List.of("a"), "conv1", intsAttr("pads", 1, 1, 1, 1))
                .node("Relu", List.of("a"), List.of("r"), "relu")
                .node("Erf", List.of("r"), List.of("e"), "erf")
                .node("Conv", List.of("e", "w2"), List.of("y"), "conv2"));
        PteExport export = OnnxToPte.export(new OnnxModel(model.proto()), model.name(), Optional.empty(),
                PteDelegate.XNNPACK);
        float[] input = OpModels.random((int) Shapes.elements(shape), 5);
        float[] executorch = et.output(Files.write(dir.resolve("split.pte"), export.bytes()),
                ExecuTorchRuntime.floats(dir.resolve("x.bin"), input));
        float[] reference;
        try (OrtReference ort = new OrtReference(model.proto().toByteArray())) {
            reference = ort.run(input, shape);
        }
        assertThat(export.operatorCounts()).isEqualTo(Map.of("delegate:XnnpackBackend", 2, "aten::erf.out", 1));
        assertThat(export.program().instructions()).extracting(i -> i.getClass().getSimpleName())
                .containsExactly("DelegateCall", "KernelCall", "DelegateCall");
        assertThat(OrtReference.maxAbsDiff(executorch, reference)).isLessThanOrEqualTo(1e-4);
    }
}
