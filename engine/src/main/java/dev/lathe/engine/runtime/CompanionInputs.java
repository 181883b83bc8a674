package dev.lathe.engine.runtime;

import dev.lathe.engine.model.Dim;
import dev.lathe.engine.model.TensorInfo;
import java.util.Arrays;
import java.util.List;

/**
 * The values Lathe feeds to a model's inputs after the first, which every measurement drives: neutral values
 * shaped after the first input. Integer inputs named like a mask get ones (BERT-style {@code attention_mask}: attend
 * to every token); everything else gets zeros ({@code token_type_ids}: one segment; recurrent states: a fresh start).
 */
public final class CompanionInputs {
    private CompanionInputs() {
    }

    /**
     * A symbolic dimension takes the first input's size where the two declare the same symbol at the same position
     * (or the same symbol anywhere, when the first input uses it once); any other unknown dimension is 1.
     */
    public static FloatTensor neutral(TensorInfo first, long[] firstShape, TensorInfo companion) {
        List<Dim> dims = companion.shape();
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).isFixed() ? dims.get(i).size() : sizeFromFirst(first, firstShape, dims.get(i), i);
        }
        float[] data = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        if (!companion.type().isFloatingPoint() && companion.name().toLowerCase(java.util.Locale.ROOT).contains("mask")) {
            Arrays.fill(data, 1f);
        }
        return new FloatTensor(data, shape);
    }

    private static long sizeFromFirst(TensorInfo first, long[] firstShape, Dim dim, int position) {
        if (dim.symbol().isEmpty() || firstShape.length != first.shape().size()) {
            return 1;
        }
        List<Dim> firstDims = first.shape();
        if (position < firstDims.size() && dim.symbol().equals(firstDims.get(position).symbol())) {
            return firstShape[position];
        }
        int found = -1;
        for (int i = 0; i < firstDims.size(); i++) {
            if (dim.symbol().equals(firstDims.get(i).symbol())) {
                if (found >= 0) {
                    return 1;
                }
                found = i;
            }
        }
        return found >= 0 ? firstShape[found] : 1;
    }
}
