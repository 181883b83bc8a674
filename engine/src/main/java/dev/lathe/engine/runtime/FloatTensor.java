package dev.lathe.engine.runtime;

import java.util.Arrays;

/** A dense float tensor in row-major order. */
public record FloatTensor(float[] data, long[] shape) implements java.io.Serializable {
    public FloatTensor {
        long n = elementCount(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Rows of a 2-D view: first dimension by the product of the rest. */
    public int rows() {
        return shape.length == 0 ? 1 : (int) shape[0];
    }

    public int rowLength() {
        return rows() == 0 ? 0 : data.length / rows();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(data, t.data) && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
