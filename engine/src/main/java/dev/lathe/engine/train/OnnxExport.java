package dev.lathe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.UnsafeByteOperations;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.model.onnx.ValueInfos;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes parameter values back into the graph they came from. Shapes are taken from the arrays, not the source,
 * so a step that changes a tensor's shape (channel pruning) exports correctly; the graph's intermediate shape
 * annotations are then dropped rather than left stale, and ONNX Runtime infers them again on load.
 */
final class OnnxExport {
    private OnnxExport() {
    }

    static OnnxModel withParameters(OnnxModel source, Map<String, Parameter> parameters) {
        GraphProto.Builder graph = source.proto().getGraph().toBuilder();
        boolean reshaped = false;
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            TensorProto old = graph.getInitializer(i);
            Parameter p = parameters.get(old.getName());
            if (p != null) {
                TensorProto updated = tensor(old, p.getArray());
                reshaped |= !old.getDimsList().equals(updated.getDimsList());
                graph.setInitializer(i, updated);
            }
        }
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto node = graph.getNode(i);
            Parameter p = node.getOpType().equals("Constant") ? parameters.get(node.getOutput(0)) : null;
            if (p != null) {
                NodeProto updated = constantNode(node, p.getArray());
                reshaped |= !dims(node).equals(dims(updated));
                graph.setNode(i, updated);
            }
        }
        for (int i = 0; i < graph.getInputCount(); i++) {
            Parameter p = parameters.get(graph.getInput(i).getName());
            if (p != null) {
                graph.setInput(i, ValueInfos.withShape(graph.getInput(i), p.getArray().getShape().getShape()));
            }
        }
        if (reshaped) {
            graph.clearValueInfo();
        }
        return new OnnxModel(source.proto().toBuilder().setGraph(graph).build());
    }

    private static List<Long> dims(NodeProto constant) {
        return constant.getAttributeList().stream().filter(a -> a.getName().equals("value")).findFirst()
                .map(a -> a.getT().getDimsList()).orElse(List.of());
    }

    private static NodeProto constantNode(NodeProto node, NDArray value) {
        NodeProto.Builder b = node.toBuilder();
        for (int a = 0; a < b.getAttributeCount(); a++) {
            AttributeProto attribute = b.getAttribute(a);
            if (attribute.getName().equals("value")) {
                b.setAttribute(a, attribute.toBuilder().setT(tensor(attribute.getT(), value)));
            }
        }
        return b.build();
    }

    /** The tensor with new values as little-endian raw data, keeping its name, doc string and other fields. */
    private static TensorProto tensor(TensorProto old, NDArray value) {
        float[] values = value.toFloatArray();
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return old.toBuilder()
                .clearFloatData()
                .clearDims()
                .addAllDims(Arrays.stream(value.getShape().getShape()).boxed().toList())
                .setRawData(UnsafeByteOperations.unsafeWrap(bytes.array()))
                .build();
    }
}
