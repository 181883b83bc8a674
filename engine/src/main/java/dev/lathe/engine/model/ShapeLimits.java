package dev.lathe.engine.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The largest tensors Lathe reads or makes (docs/cli.md, "Limits"). Each bound is far above what a real model
 * declares and below what would make a runtime or this process work for minutes, or run out of memory, on one
 * number in a file: a size of 2^40 keeps ONNX Runtime's session creation busy for minutes.
 */
public final class ShapeLimits {
    /** One dimension: Java arrays and ONNX Runtime's Java tensors are indexed by int. */
    public static final long MAX_DIM = Integer.MAX_VALUE;
    /** Dimensions of one tensor: NumPy's historical limit is 32; models use at most 6. */
    public static final int MAX_RANK = 32;
    /** Values in one weight: one Java array (a 2-billion-parameter embedding is far past an edge model). */
    public static final long MAX_TENSOR_ELEMENTS = Integer.MAX_VALUE;
    /**
     * Values in one input Lathe feeds a model (a batch included): 2^28, 1 GiB of float. A batch of 64 RGB images of
     * 1024×1024 is 201 million.
     */
    public static final long MAX_INPUT_ELEMENTS = 1L << 28;

    private ShapeLimits() {
    }

    /** The product of {@code dims}, or {@link Long#MAX_VALUE} when it would not fit a long. Negative sizes count as 1. */
    public static long elements(long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d > 0) {
                n = multiplyCapped(n, d);
            } else if (d == 0) {
                return 0;
            }
        }
        return n;
    }

    /** {@code a × b} for non-negative factors, {@link Long#MAX_VALUE} when it would overflow. */
    public static long multiplyCapped(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    /**
     * What is wrong with an input shape Lathe is asked to feed ({@code 1x3x224x224}, batch first), or empty when it is
     * within bounds. Says which size is out of bounds and what the bound is.
     */
    public static Optional<String> inputProblem(long[] shape) {
        if (shape.length == 0 || shape.length > MAX_RANK) {
            return Optional.of("an input shape has 1 to " + MAX_RANK + " sizes, not " + shape.length);
        }
        for (long d : shape) {
            if (d < 1 || d > MAX_DIM) {
                return Optional.of("input shape " + format(shape) + " has a size of " + d + "; sizes run from 1 to "
                        + count(MAX_DIM));
            }
        }
        long n = elements(shape);
        if (n > MAX_INPUT_ELEMENTS) {
            return Optional.of("input shape " + format(shape) + " holds " + (n == Long.MAX_VALUE ? "more than 2^63"
                    : count(n)) + " values; Lathe feeds at most " + count(MAX_INPUT_ELEMENTS)
                    + " (1 GiB of float) per run");
        }
        return Optional.empty();
    }

    /** Throws {@link IllegalArgumentException} with {@link #inputProblem}'s words for a shape out of bounds. */
    public static long[] requireInput(long[] shape) {
        inputProblem(shape).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return shape;
    }

    /** Like {@code 1x3x224x224}. */
    public static String format(long[] shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining("x"));
    }

    /** Like {@code 48×1×3×3}, as messages show a declared shape. */
    public static String times(long[] shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining("×"));
    }

    /** A count with thousands separators, like {@code 268,435,456}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
