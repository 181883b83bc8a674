package dev.lathe.engine.quantize;

import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intsAttr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dynamic mode on convolutions: an ungrouped Conv runs as ConvInteger, a depthwise one stays float (ONNX Runtime
 * runs it slower in integers), and a model older than opset 11 keeps its Convs float, naming the mode that works.
 */
class DynamicConvTest {
    @TempDir
    Path tmp;

    @Test
    void anUngroupedConvRunsAsConvIntegerAndADepthwiseOneStaysFloatSayingWhy() throws Exception {
        OnnxModel model = depthwiseThenDense(13);
        FloatTensor input = Fidelity.randomInput(4, 2, 8, 16, 16);

        QuantizedModel q = quantize(model);
        List<NodeProto> nodes = q.model().proto().getGraph().getNodeList();

        assertThat(q.quantizedNodes()).containsExactly("/dense/Conv");
        assertThat(q.floatNodes()).filteredOn(n -> n.name().equals("/depthwise/Conv")).singleElement()
                .satisfies(n -> assertThat(n.reason()).contains("grouped Conv (group 8)", "static"));
        assertThat(nodes).filteredOn(n -> n.getOpType().equals("ConvInteger")).singleElement()
                .satisfies(n -> assertThat(n.getName()).isEqualTo("/dense/Conv"));
        assertThat(Fidelity.cosine(Fidelity.run(model, tmp.resolve("float.onnx"), input),
                Fidelity.run(q.model(), tmp.resolve("int8.onnx"), input))).isGreaterThanOrEqualTo(0.999);
    }

    @Test
    void aConvOnlyModelOlderThanOpset11IsRefusedNamingWeightOnly() {
        assertThatThrownBy(() -> quantize(depthwiseThenDense(9)))
                .isInstanceOf(QuantizationException.class)
                .hasMessageContaining("no node that dynamic quantization can change")
                .hasMessageContaining("its Conv nodes stay float: dynamic Conv needs opset 11")
                .hasMessageContaining("uses opset 9; weight-only mode stores it in int8 at any opset");
    }

    private static QuantizedModel quantize(OnnxModel model) throws Exception {
        return new Quantizer(Samples.runtimes()).quantize(model, QuantizerBadInputTest.dynamic(List.of()),
                Optional.empty(), Progress.NONE);
    }

    /** A depthwise 3×3 Conv (group 8) and a dense 3×3 Conv (8 → 16 channels) with a Relu between, at an opset. */
    private static OnnxModel depthwiseThenDense(int opset) {
        Random random = new Random(3);
        return new OnnxModel(new OnnxGraphBuilder("convs").opset(opset)
                .input("x", ElementType.FLOAT, List.of("batch", 8, 16, 16))
                .output("y", ElementType.FLOAT, List.of("batch", 16, 16, 16))
                .initializer("dw.weight", MatMulModels.gaussian(random, 8 * 9, 0.3), 8, 1, 3, 3)
                .initializer("dense.weight", MatMulModels.gaussian(random, 16 * 8 * 9, 0.1), 16, 8, 3, 3)
                .initializer("dense.bias", MatMulModels.gaussian(random, 16, 0.1), 16)
                .node("Conv", List.of("x", "dw.weight"), List.of("dw"), "/depthwise/Conv", intAttr("group", 8),
                        intsAttr("pads", 1, 1, 1, 1))
                .node("Relu", List.of("dw"), List.of("h"), "/relu")
                .node("Conv", List.of("h", "dense.weight", "dense.bias"), List.of("y"), "/dense/Conv",
                        intsAttr("pads", 1, 1, 1, 1))
                .build());
    }
}
