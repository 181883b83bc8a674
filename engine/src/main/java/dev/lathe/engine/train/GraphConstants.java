package dev.lathe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
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
        if (tensor.getDataType() == TensorProto.DataType.INT32_VALUE) {
            return Arrays.stream(ints(tensor)).asLongStream().toArray();
        }
        throw new TrainingException("constant '" + tensor.getName() + "' should hold int64 values");
    }

    /**
     * A constant that is not a weight (shape vectors, indices, masks) as an array of its own type, in
     * {@code manager}. Float constants are parameters instead; this is for the integer and boolean ones.
     */
    static NDArray array(TensorProto tensor, NDManager manager) throws TrainingException {
        checkInline(tensor);
        Shape shape = new Shape(dims(tensor));
        return switch (tensor.getDataType()) {
            case TensorProto.DataType.FLOAT_VALUE -> manager.create(floats(tensor), shape);
            case TensorProto.DataType.INT64_VALUE -> manager.create(LongBuffer.wrap(longs(tensor)), shape,
                    DataType.INT64);
            case TensorProto.DataType.INT32_VALUE -> manager.create(IntBuffer.wrap(ints(tensor)), shape,
                    DataType.INT32);
            case TensorProto.DataType.BOOL_VALUE -> manager.create(ByteBuffer.wrap(bools(tensor)), shape,
                    DataType.BOOLEAN);
            default -> throw new TrainingException("constant '" + tensor.getName() + "' has ONNX element type "
                    + tensor.getDataType() + "; training reads float32, int64, int32 and bool constants only");
        };
    }

    private static int[] ints(TensorProto tensor) {
        if (!tensor.getRawData().isEmpty()) {
            IntBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
            int[] values = new int[raw.remaining()];
            raw.get(values);
            return values;
        }
        return tensor.getInt32DataList().stream().mapToInt(Integer::intValue).toArray();
    }

    /** ONNX stores bools one byte each in raw data, or as int32_data. */
    private static byte[] bools(TensorProto tensor) {
        if (!tensor.getRawData().isEmpty()) {
            return tensor.getRawData().toByteArray();
        }
        byte[] values = new byte[tensor.getInt32DataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) (tensor.getInt32Data(i) != 0 ? 1 : 0);
        }
        return values;
    }

    private static void checkInline(TensorProto tensor) throws TrainingException {
        if (tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new TrainingException("constant '" + tensor.getName() + "' is stored in an external data file;"
                    + " save the model with its weights inside the .onnx file to train it");
        }
    }
}
