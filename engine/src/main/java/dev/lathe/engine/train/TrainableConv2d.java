package dev.lathe.engine.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * DJL's {@link Conv2d} with input gradients that are right on every CPU: while autograd records it convolves through
 * {@link TrainableConvolution}, otherwise through the native kernel. Blocks trained in Java (the sample CNN) use it
 * instead of {@code Conv2d.builder().build()}; the parameters, their names and the saved form are Conv2d's.
 */
public final class TrainableConv2d extends Conv2d {
    private TrainableConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    /** The convolution {@code builder} describes, trainable on every CPU. */
    public static TrainableConv2d of(Conv2d.Builder builder) {
        return new TrainableConv2d(builder);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Device device = input.getDevice();
        NDArray w = parameterStore.getValue(weight, device, training);
        NDArray b = includeBias ? parameterStore.getValue(bias, device, training) : null;
        return new NDList(TrainableConvolution.conv2d(input, w, b, stride.getShape(), padding.getShape(),
                dilation.getShape(), groups));
    }
}
