package dev.lathe.engine.export.pte;

import java.util.Arrays;
import java.util.List;

/** Shape arithmetic for lowering: all shapes are static by the time a node is lowered. */
final class Shapes {
    private Shapes() {
    }

    static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    static List<Long> list(long[] shape) {
        return Arrays.stream(shape).boxed().toList();
    }

    static int axis(long axis, int rank) {
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** NumPy broadcasting, as ONNX's elementwise ops and ExecuTorch's portable kernels both apply it. */
    static long[] broadcast(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long x = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long y = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (x != y && x != 1 && y != 1) {
                throw new IllegalArgumentException(Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast");
            }
            out[i] = Math.max(x, y);
        }
        return out;
    }

    static String text(long[] shape) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : "×").append(shape[i]);
        }
        return s.toString();
    }

    /**
     * For a tensor of {@code shape} transposed by {@code perm} (output dimension i is input dimension perm[i]), the
     * input's flat index of each output element.
     */
    static int[] transposedIndex(long[] shape, long[] perm) {
        int rank = shape.length;
        long[] stride = new long[rank];
        long s = 1;
        for (int d = rank - 1; d >= 0; d--) {
            stride[d] = s;
            s *= shape[d];
        }
        int[] source = new int[(int) s];
        long[] outShape = new long[rank];
        for (int i = 0; i < rank; i++) {
            outShape[i] = shape[(int) perm[i]];
        }
        long[] at = new long[rank];
        for (int out = 0; out < source.length; out++) {
            long in = 0;
            for (int i = 0; i < rank; i++) {
                in += at[i] * stride[(int) perm[i]];
            }
            source[out] = (int) in;
            for (int i = rank - 1; i >= 0 && ++at[i] == outShape[i]; i--) {
                at[i] = 0;
            }
        }
        return source;
    }
}
