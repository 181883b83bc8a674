package dev.lathe.engine.export.torchscript;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * A tensor the module holds as an attribute: a parameter (a weight a user would train) or a buffer (running
 * statistics, other constants), contiguous, its data little-endian.
 */
record ScriptTensor(String name, ScalarType type, List<Long> shape, byte[] data, boolean parameter) {
    ScriptTensor {
        shape = List.copyOf(shape);
        long elements = shape.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
        if (elements * type.bytes() != data.length) {
            throw new IllegalArgumentException(name + ": " + data.length + " bytes for shape " + shape);
        }
    }

    static ScriptTensor floats(String name, long[] shape, float[] values, boolean parameter) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new ScriptTensor(name, ScalarType.FLOAT, Arrays.stream(shape).boxed().toList(), b.array(), parameter);
    }

    long elements() {
        return data.length / type.bytes();
    }

    /** Row-major strides, in elements. */
    List<Long> strides() {
        Long[] strides = new Long[shape.size()];
        long step = 1;
        for (int i = shape.size() - 1; i >= 0; i--) {
            strides[i] = step;
            step *= Math.max(1, shape.get(i));
        }
        return List.of(strides);
    }

    /**
     * The same tensor in bfloat16, rounded to nearest even as PyTorch's {@code .to(torch.bfloat16)} rounds (NaN
     * stays NaN).
     */
    ScriptTensor toBfloat16() {
        if (type != ScalarType.FLOAT) {
            return this;
        }
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(data.length / 2).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            out.putShort(bfloat16(in.getFloat()));
        }
        return new ScriptTensor(name, ScalarType.BFLOAT16, shape, out.array(), parameter);
    }

    static short bfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
