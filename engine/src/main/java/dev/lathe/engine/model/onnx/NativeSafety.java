package dev.lathe.engine.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.lathe.engine.model.ModelFormatException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses, before any native runtime sees it, a model whose attributes or shapes make native code divide by zero or
 * size a buffer absurdly: ONNX Runtime checks few of them and some crash the process (a Conv with {@code strides:
 * [0, 0]} raises SIGFPE while the session is created). Called wherever a model is read ({@link OnnxModel#read}:
 * opened, inspected, quantized) and by an agent before it loads an uploaded model. It checks attributes and declared
 * shapes only; a model can still crash a runtime through the values of its tensors, which is why models load in a
 * process that can be lost.
 */
public final class NativeSafety {
    /** A dimension larger than this is no real tensor's: 2^31 - 1 elements along one axis. */
    static final long MAX_DIMENSION = Integer.MAX_VALUE;
    /** A tensor of more elements than this (2^40, terabytes) is no real tensor either. */
    static final long MAX_ELEMENTS = 1L << 40;
    private static final Set<String> AT_LEAST_ONE = Set.of("strides", "dilations", "kernel_shape");
    private static final Set<String> GROUPED = Set.of("Conv", "ConvInteger", "ConvTranspose", "QLinearConv");
    private static final Set<String> BLOCKED = Set.of("DepthToSpace", "SpaceToDepth");

    private NativeSafety() {
    }

    /** @param file the model's file (or the name a user knows it by), whose name starts the message */
    public static void check(Path file, ModelProto model) throws ModelFormatException {
        String problem = problem(model.getGraph());
        if (problem != null) {
            throw new ModelFormatException(file, problem);
        }
    }

    /** The first problem in {@code graph} or its subgraphs, or null. */
    private static String problem(GraphProto graph) {
        Map<String, List<Long>> shapes = declaredShapes(graph);
        for (Map.Entry<String, List<Long>> shape : shapes.entrySet()) {
            String bad = absurd(shape.getValue());
            if (bad != null) {
                return "tensor '" + shape.getKey() + "' has shape " + shape.getValue() + "; " + bad;
            }
        }
        List<NodeProto> nodes = graph.getNodeList();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto node = nodes.get(i);
            String bad = attributeProblem(node, shapes);
            if (bad != null) {
                return "node " + name(node, i) + " (" + node.getOpType() + ") " + bad;
            }
            for (GraphProto sub : Subgraphs.of(node)) {
                String inner = problem(sub);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    private static String attributeProblem(NodeProto node, Map<String, List<Long>> shapes) {
        for (AttributeProto a : node.getAttributeList()) {
            if (AT_LEAST_ONE.contains(a.getName()) && a.getIntsList().stream().anyMatch(v -> v < 1)) {
                return "has " + a.getName() + " " + a.getIntsList() + "; " + a.getName() + " must be 1 or more";
            }
            if (a.getName().equals("pads") && a.getIntsList().stream().anyMatch(v -> v < 0)) {
                return "has pads " + a.getIntsList() + "; pads must be 0 or more";
            }
            if (a.getName().equals("blocksize") && BLOCKED.contains(node.getOpType()) && a.getI() < 1) {
                return "has blocksize " + a.getI() + "; blocksize must be 1 or more";
            }
            if (a.getName().equals("group") && GROUPED.contains(node.getOpType())) {
                String bad = groupProblem(node, a.getI(), shapes);
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
    }

    /**
     * A group must divide the channels on both sides: the weight's first dimension (output channels of a Conv, input
     * channels of a ConvTranspose) and the input's channels, where the model declares them.
     */
    private static String groupProblem(NodeProto node, long group, Map<String, List<Long>> shapes) {
        if (group < 1) {
            return "has group " + group + "; group must be 1 or more";
        }
        int weightIndex = node.getOpType().equals("QLinearConv") ? 3 : 1;
        List<Long> weight = node.getInputCount() > weightIndex ? shapes.get(node.getInput(weightIndex)) : null;
        if (weight != null && !weight.isEmpty() && weight.get(0) >= 0 && weight.get(0) % group != 0) {
            return "has group " + group + ", which does not divide the " + weight.get(0) + " channels of its weight '"
                    + node.getInput(weightIndex) + "'; group must divide the channels";
        }
        List<Long> input = node.getInputCount() > 0 ? shapes.get(node.getInput(0)) : null;
        if (input != null && input.size() > 1 && input.get(1) > 0 && input.get(1) % group != 0) {
            return "has group " + group + ", which does not divide the " + input.get(1) + " channels of its input '"
                    + node.getInput(0) + "'; group must divide the channels";
        }
        return null;
    }

    private static String absurd(List<Long> dims) {
        long elements = 1;
        for (long d : dims) {
            if (d < -1) {
                return "a dimension must be 0 or more";
            }
            if (d > MAX_DIMENSION) {
                return "a dimension above " + MAX_DIMENSION + " is no real tensor's";
            }
            if (d > 0) {
                elements = elements > MAX_ELEMENTS / d ? MAX_ELEMENTS + 1 : elements * d;
            }
        }
        return elements > MAX_ELEMENTS ? "more than 2^40 elements is no real tensor's" : null;
    }

    /**
     * Every shape the graph states: initializers and Constant nodes' values (all dimensions known), inputs, outputs
     * and value_info (unknown and symbolic dimensions as -1).
     */
    private static Map<String, List<Long>> declaredShapes(GraphProto graph) {
        Map<String, List<Long>> shapes = new HashMap<>();
        for (List<ValueInfoProto> values : List.of(graph.getInputList(), graph.getOutputList(),
                graph.getValueInfoList())) {
            for (ValueInfoProto v : values) {
                if (v.getType().hasTensorType() && v.getType().getTensorType().hasShape()) {
                    shapes.put(v.getName(), dims(v.getType().getTensorType().getShape()));
                }
            }
        }
        for (TensorProto t : graph.getInitializerList()) {
            shapes.put(t.getName(), t.getDimsList());
        }
        for (NodeProto n : graph.getNodeList()) {
            if (n.getOpType().equals("Constant") && n.getOutputCount() == 1) {
                n.getAttributeList().stream().filter(AttributeProto::hasT)
                        .forEach(a -> shapes.put(n.getOutput(0), a.getT().getDimsList()));
            }
        }
        return shapes;
    }

    private static List<Long> dims(TensorShapeProto shape) {
        return shape.getDimList().stream().map(d -> d.hasDimValue() ? d.getDimValue() : -1L).toList();
    }

    private static String name(NodeProto node, int index) {
        return node.getName().isEmpty() ? "#" + (index + 1) : "'" + node.getName() + "'";
    }
}
