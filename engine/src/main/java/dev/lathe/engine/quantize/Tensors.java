package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Optional;

/** Reads float weights without copying them and writes the small tensors quantization adds. */
final class Tensors {
    private Tensors() {
    }

    /**
     * The values of a float tensor. Raw data (what exporters write) is viewed in place, so quantizing a large
     * model does not hold a second float copy of each weight; only the rare repeated-field form is copied.
     */
    static Optional<FloatBuffer> floats(TensorProto tensor) {
        if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE || tensor.hasDataLocation()
                && tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            return Optional.empty();
        }
        if (!tensor.getRawData().isEmpty()) {
            return Optional.of(tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer());
        }
        float[] values = new float[tensor.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getFloatData(i);
        }
        return Optional.of(FloatBuffer.wrap(values));
    }

    static long[] dims(TensorProto tensor) {
        return tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    static TensorProto raw(String name, TensorProto.DataType type, byte[] littleEndian, long... dims) {
        // The bytes were just made for this tensor and are never changed again, so wrapping them skips a copy.
        return TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .addAllDims(Arrays.stream(dims).boxed().toList())
                .setRawData(UnsafeByteOperations.unsafeWrap(littleEndian)).build();
    }

    /** A float tensor; a scalar when {@code dims} is empty. */
    static TensorProto floatTensor(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return raw(name, TensorProto.DataType.FLOAT, bytes.array(), dims);
    }

    static TensorProto int32Tensor(String name, int[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(values);
        return raw(name, TensorProto.DataType.INT32, bytes.array(), dims);
    }

    /** Zero points: int8 for weights and symmetric activations, uint8 for asymmetric activations. */
    static TensorProto zeroPoints(String name, boolean signed, byte[] values, long... dims) {
        return raw(name, signed ? TensorProto.DataType.INT8 : TensorProto.DataType.UINT8, values, dims);
    }
}
