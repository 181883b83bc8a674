package dev.lathe.engine.model;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** A model input or output: its name, element type and shape (empty when the model does not declare one). */
public record TensorInfo(String name, ElementType type, List<Dim> shape) implements java.io.Serializable {
    public TensorInfo {
        shape = List.copyOf(shape);
    }

    public boolean hasShape() {
        return !shape.isEmpty();
    }

    /** The shape with the first (batch) dimension replaced, if every other dimension is fixed. */
    public Optional<long[]> shapeWithBatch(long batch) {
        if (shape.isEmpty()) {
            return Optional.empty();
        }
        long[] dims = new long[shape.size()];
        dims[0] = batch;
        for (int i = 1; i < dims.length; i++) {
            if (!shape.get(i).isFixed()) {
                return Optional.empty();
            }
            dims[i] = shape.get(i).size();
        }
        return Optional.of(dims);
    }

    /**
     * What to write after {@code --input-shape} for this input: batch 1, fixed sizes as declared and {@code N} where
     * the model leaves a size open, like {@code 1x3xNxN}.
     */
    public String inputShapeTemplate() {
        return IntStream.range(0, shape.size())
                .mapToObj(i -> i == 0 ? "1" : shape.get(i).isFixed() ? Long.toString(shape.get(i).size()) : "N")
                .collect(Collectors.joining("x"));
    }

    /** Like {@code 1×28×28 float} or {@code batch×1×28×28 float}. */
    public String describe() {
        if (shape.isEmpty() && type == ElementType.OTHER) {
            return "(shape and type not declared)";
        }
        String dims = shape.isEmpty() ? "(shape not declared)"
                : shape.stream().map(Dim::toString).collect(Collectors.joining("×"));
        return dims + " " + type.displayName();
    }
}
