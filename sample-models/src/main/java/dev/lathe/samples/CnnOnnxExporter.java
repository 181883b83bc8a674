package dev.lathe.samples;

import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intsAttr;

import ai.djl.nn.Block;
import ai.onnx.proto.OnnxMl.AttributeProto;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained {@link FashionCnn} as an inference ONNX graph: batch norms folded into the convs, then
 * Conv/Relu/MaxPool, Flatten and Gemm nodes named after the layers (/features/conv1/Conv, /classifier/fc1/Gemm) so
 * that Lathe's layer views and the quantizer's reports read naturally.
 */
public final class CnnOnnxExporter {
    public static final String INPUT = "input";
    public static final String OUTPUT = "logits";
    public static final String PRODUCER = "lathe-sample-models";

    private final OnnxGraphBuilder graph;
    private String previous = INPUT;

    private CnnOnnxExporter(OnnxGraphBuilder graph) {
        this.graph = graph;
    }

    /** Exports the network to {@code file}; {@code graph} already carries producer, doc string and metadata. */
    public static void export(FashionCnn cnn, OnnxGraphBuilder graph, Path file) throws IOException {
        CnnOnnxExporter exporter = new CnnOnnxExporter(graph);
        long side = FashionMnist.SIDE;
        graph.input(INPUT, ElementType.FLOAT, List.of("batch", 1L, side, side));
        int pools = 0;
        for (FashionCnn.ConvLayer layer : cnn.convLayers()) {
            exporter.conv(layer);
            if (layer.poolAfter()) {
                pools++;
                exporter.step("MaxPool", "/features/pool" + pools, null, List.of(),
                        intsAttr("kernel_shape", 2, 2), intsAttr("strides", 2, 2));
            }
        }
        exporter.step("Flatten", "/classifier/flatten", null, List.of(), intAttr("axis", 1));
        exporter.gemm(cnn.hidden(), cnn.flattenedSize(), null);
        exporter.step("Relu", "/classifier/" + cnn.hidden().name(), null, List.of());
        exporter.gemm(cnn.logits(), cnn.hidden().units(), OUTPUT);
        graph.output(OUTPUT, ElementType.FLOAT, List.of("batch", (long) cnn.logits().units()));
        graph.write(file);
    }

    private void conv(FashionCnn.ConvLayer layer) {
        Block conv = layer.conv();
        long[] shape = conv.getParameters().get("weight").getArray().getShape().getShape();
        float[] bias = conv.getParameters().contains("bias") ? values(conv, "bias") : null;
        Block norm = layer.norm();
        FoldedConv folded = FoldedConv.fold(values(conv, "weight"), bias, new FoldedConv.BatchNormStats(
                values(norm, "gamma"), values(norm, "beta"), values(norm, "runningMean"), values(norm, "runningVar"),
                FashionCnn.BN_EPSILON));
        String prefix = "features." + layer.name();
        graph.initializer(prefix + ".weight", folded.weights(), shape);
        graph.initializer(prefix + ".bias", folded.bias(), shape[0]);
        String path = "/features/" + layer.name();
        step("Conv", path, null, List.of(prefix + ".weight", prefix + ".bias"),
                intsAttr("kernel_shape", shape[2], shape[3]), intsAttr("pads", 1, 1, 1, 1),
                intsAttr("strides", 1, 1), intsAttr("dilations", 1, 1), intAttr("group", 1));
        step("Relu", path, null, List.of());
    }

    // DJL's Linear stores weights [units, in], which is Gemm's B under transB=1: no transpose needed.
    private void gemm(FashionCnn.DenseLayer layer, long inFeatures, String output) {
        String prefix = "classifier." + layer.name();
        graph.initializer(prefix + ".weight", values(layer.linear(), "weight"), layer.units(), inFeatures);
        graph.initializer(prefix + ".bias", values(layer.linear(), "bias"), layer.units());
        step("Gemm", "/classifier/" + layer.name(), output, List.of(prefix + ".weight", prefix + ".bias"),
                intAttr("transB", 1));
    }

    /**
     * Adds node {@code <path>/<opType>} reading the previous node's output plus {@code params}. A null
     * {@code outputName} names the output the way PyTorch's exporter does ({@code <path>/<opType>_output_0}).
     */
    private void step(String opType, String path, String outputName, List<String> params,
            AttributeProto... attributes) {
        String output = outputName != null ? outputName : path + "/" + opType + "_output_0";
        List<String> inputs = new ArrayList<>();
        inputs.add(previous);
        inputs.addAll(params);
        graph.node(opType, inputs, List.of(output), path + "/" + opType, attributes);
        previous = output;
    }

    private static float[] values(Block block, String name) {
        return block.getParameters().get(name).getArray().toFloatArray();
    }
}
