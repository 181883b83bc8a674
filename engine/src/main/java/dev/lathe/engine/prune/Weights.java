package dev.lathe.engine.prune;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/** A float32 initializer decoded for editing, and written back as little-endian raw data under its own name. */
record Weights(float[] values, long[] dims) {

    static boolean isFloat(TensorProto t) {
        return t.getDataType() == TensorProto.DataType.FLOAT_VALUE
                && t.getDataLocation() != TensorProto.DataLocation.EXTERNAL;
    }

    static Weights of(TensorProto t) {
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        if (!t.getRawData().isEmpty()) {
            FloatBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] values = new float[raw.remaining()];
            raw.get(values);
            return new Weights(values, dims);
        }
        float[] values = new float[t.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = t.getFloatData(i);
        }
        return new Weights(values, dims);
    }

    TensorProto writeInto(TensorProto old) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return old.toBuilder().clearFloatData().clearDims()
                .addAllDims(Arrays.stream(dims).boxed().toList())
                .setRawData(UnsafeByteOperations.unsafeWrap(bytes.array()))
                .build();
    }

    /** Keeps only the given indices (ascending) along {@code axis}. */
    Weights keep(int axis, int[] indices) {
        long outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= dims[d];
        }
        int size = (int) dims[axis];
        int inner = values.length / (int) (outer * size);
        float[] kept = new float[(int) outer * indices.length * inner];
        int to = 0;
        for (int o = 0; o < outer; o++) {
            for (int index : indices) {
                System.arraycopy(values, (o * size + index) * inner, kept, to, inner);
                to += inner;
            }
        }
        long[] newDims = dims.clone();
        newDims[axis] = indices.length;
        return new Weights(kept, newDims);
    }

    /** The L1 or L2 norm of each slice along {@code axis}: a filter's or neuron's weights. */
    double[] norms(int axis, boolean squared) {
        long outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= dims[d];
        }
        int size = (int) dims[axis];
        int inner = values.length / (int) (outer * size);
        double[] norms = new double[size];
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < size; c++) {
                int from = (o * size + c) * inner;
                for (int i = from; i < from + inner; i++) {
                    norms[c] += squared ? (double) values[i] * values[i] : Math.abs(values[i]);
                }
            }
        }
        if (squared) {
            Arrays.setAll(norms, c -> Math.sqrt(norms[c]));
        }
        return norms;
    }
}
