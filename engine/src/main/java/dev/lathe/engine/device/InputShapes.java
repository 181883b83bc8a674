package dev.lathe.engine.device;

import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.model.ShapeLimits;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.runtime.InferenceException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Decides the input shape to feed: the one a user gave, else the model's declared one with the batch filled in. */
final class InputShapes {
    private InputShapes() {
    }

    /** The shape to feed, within {@link ShapeLimits}: a model that declares 1×3×65536×65536 is refused here. */
    static long[] resolve(ModelHandle model, TensorInfo input, int batch) throws InferenceException {
        long[] shape = shape(model, input, batch);
        java.util.Optional<String> problem = ShapeLimits.inputProblem(shape);
        if (problem.isPresent()) {
            throw new InferenceException(model.name() + ": " + problem.get());
        }
        return shape;
    }

    private static long[] shape(ModelHandle model, TensorInfo input, int batch) throws InferenceException {
        if (model.inputShape().isPresent()) {
            long[] given = model.inputShape().get().clone();
            given[0] = batch;
            return given;
        }
        if (input.hasShape() && input.shape().get(0).isFixed() && input.shape().get(0).size() != batch) {
            throw new InferenceException(model.name() + ": input '" + input.name() + "' has a fixed batch of "
                    + input.shape().get(0).size() + "; use batch " + input.shape().get(0).size());
        }
        return input.shapeWithBatch(batch).orElseThrow(() -> new InferenceException(model.name() + ": input '"
                + input.name() + "' declares no complete shape (" + input.describe()
                + "); give one, like --input-shape 1x1x28x28"));
    }

    static String format(long[] shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining("x"));
    }
}
