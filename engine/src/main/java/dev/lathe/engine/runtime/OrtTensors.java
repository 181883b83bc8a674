package dev.lathe.engine.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/** Builds ONNX Runtime tensors of the type an input declares from float values. */
final class OrtTensors {
    private OrtTensors() {
    }

    static OnnxTensor create(OrtEnvironment env, TensorInfo input, FloatTensor values) throws OrtException {
        float[] data = values.data();
        long[] shape = values.shape();
        return switch (input.type()) {
            case DOUBLE -> {
                double[] d = new double[data.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = data[i];
                }
                yield OnnxTensor.createTensor(env, DoubleBuffer.wrap(d), shape);
            }
            case INT64 -> {
                long[] l = new long[data.length];
                for (int i = 0; i < l.length; i++) {
                    l[i] = Math.round(data[i]);
                }
                yield OnnxTensor.createTensor(env, LongBuffer.wrap(l), shape);
            }
            case INT32 -> {
                int[] n = new int[data.length];
                for (int i = 0; i < n.length; i++) {
                    n[i] = Math.round(data[i]);
                }
                yield OnnxTensor.createTensor(env, IntBuffer.wrap(n), shape);
            }
            case UINT8, INT8 -> {
                ByteBuffer b = ByteBuffer.allocateDirect(data.length);
                for (float f : data) {
                    b.put((byte) Math.round(f));
                }
                b.rewind();
                yield OnnxTensor.createTensor(env, b, shape, input.type() == ElementType.UINT8 ? OnnxJavaType.UINT8 : OnnxJavaType.INT8);
            }
            default -> OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
        };
    }

    static ElementType elementType(OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> ElementType.FLOAT;
            case DOUBLE -> ElementType.DOUBLE;
            case INT8 -> ElementType.INT8;
            case UINT8 -> ElementType.UINT8;
            case INT16 -> ElementType.INT16;
            case INT32 -> ElementType.INT32;
            case INT64 -> ElementType.INT64;
            case BOOL -> ElementType.BOOL;
            case STRING -> ElementType.STRING;
            case FLOAT16 -> ElementType.FLOAT16;
            case BFLOAT16 -> ElementType.BFLOAT16;
            default -> ElementType.OTHER;
        };
    }
}
