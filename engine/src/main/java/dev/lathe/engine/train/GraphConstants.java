package dev.lathe.engine.train;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The graph's constant tensors: initializers and the outputs of Constant nodes, which exporters use
 * interchangeably for weights. Decoded on demand, because most are only copied once into a parameter.
 */
final class GraphConstants {
    private final Map<String, TensorProto> tensors = new LinkedHashMap<>();

    GraphConstants(GraphProto graph) {
        graph.getInitializerList().forEach(t -> tensors.put(t.getName(), t));
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("Constant") && new NodeAttributes(node).has("value")) {
                tensors.put(node.getOutput(0), new NodeAttributes(node).get("value").getT());
            }
        }
    }

    Optional<TensorProto> tensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    boolean isFloat(String name) {
        TensorProto t = tensors.get(name);
        return t != null && t.getDataType() == TensorProto.DataType.FLOAT_VALUE;
    }

    static long[] dims(TensorProto tensor) {
        return tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    static float[] floats(TensorProto tensor) throws TrainingException {
        checkInline(tensor);
        if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new TrainingException("constant '" + tensor.getName() + "' is not float32; training needs float"
                    + " weights (quantized or half-precision models cannot be trained; train the float parent)");
        }
        if (!tensor.getRawData().isEmpty()) {
            FloatBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] values = new float[raw.remaining()];
            raw.get(values);
            return values;
        }
        float[] values = new float[tensor.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getFloatData(i);
        }
        return values;
    }

    /** Integer values of an int64 or int32 tensor, such as a Reshape target shape. */
    static long[] longs(TensorProto tensor) throws TrainingException {
        checkInline(tensor);
        if (tensor.getDataType() == TensorProto.DataType.INT64_VALUE) {
            if (!tensor.getRawData().isEmpty()) {
                LongBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
                long[] values = new long[raw.remaining()];
                raw.get(values);
                return values;
            }
            return tensor.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
        }
        if (tensor.getDataType() == TensorProto.DataType.INT32_VALUE && tensor.getRawData().isEmpty()) {
            return tensor.getInt32DataList().stream().mapToLong(Integer::longValue).toArray();
        }
        throw new TrainingException("constant '" + tensor.getName() + "' should hold int64 values");
    }

    private static void checkInline(TensorProto tensor) throws TrainingException {
        if (tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new TrainingException("constant '" + tensor.getName() + "' is stored in an external data file;"
                    + " save the model with its weights inside the .onnx file to train it");
        }
    }
}
