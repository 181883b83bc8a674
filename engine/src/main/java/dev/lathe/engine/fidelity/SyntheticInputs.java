package dev.lathe.engine.fidelity;

import dev.lathe.engine.model.Dim;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceException;
import java.util.Optional;
import java.util.Random;

/**
 * Seeded random inputs for a model with no dataset at hand. Float inputs get values uniform in [0, 1), the range of
 * Lathe's default image preprocessing: inputs far outside what a model was calibrated on would measure clipping, not
 * fidelity. Integer inputs (token ids, indices) get whole numbers in [0, {@value #INTEGER_RANGE}), small enough for any
 * embedding table.
 */
public final class SyntheticInputs {
    public static final int INTEGER_RANGE = 10;
    /** What a symbolic non-batch dimension (a sequence length, say) is set to when the model leaves it open. */
    public static final int OPEN_DIMENSION = 16;

    private final TensorInfo input;
    private final long[] exampleShape;
    private final Random random;

    public SyntheticInputs(String modelName, TensorInfo input, Optional<long[]> givenShape, long seed)
            throws InferenceException {
        this.input = input;
        this.exampleShape = exampleShape(modelName, input, givenShape);
        this.random = new Random(seed);
    }

    /** The batch size the model insists on, if its first dimension is fixed. */
    public Optional<Integer> fixedBatch() {
        return input.hasShape() && input.shape().get(0).isFixed()
                ? Optional.of((int) input.shape().get(0).size()) : Optional.empty();
    }

    public FloatTensor next(int batch) {
        long[] shape = new long[exampleShape.length + 1];
        shape[0] = batch;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        float[] data = new float[(int) FloatTensor.elementCount(shape)];
        boolean floating = input.type().isFloatingPoint();
        for (int i = 0; i < data.length; i++) {
            data[i] = floating ? random.nextFloat() : random.nextInt(INTEGER_RANGE);
        }
        return new FloatTensor(data, shape);
    }

    private static long[] exampleShape(String modelName, TensorInfo input, Optional<long[]> givenShape)
            throws InferenceException {
        if (givenShape.isPresent()) {
            return java.util.Arrays.copyOfRange(givenShape.get(), 1, givenShape.get().length);
        }
        if (!input.hasShape()) {
            throw new InferenceException(modelName + ": input '" + input.name() + "' declares no shape; "
                    + "give an input shape or use a dataset");
        }
        long[] shape = new long[input.shape().size() - 1];
        for (int i = 1; i < input.shape().size(); i++) {
            Dim d = input.shape().get(i);
            shape[i - 1] = d.isFixed() ? d.size() : OPEN_DIMENSION;
        }
        return shape;
    }
}
