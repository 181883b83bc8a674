package dev.lathe.samples;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.lathe.engine.train.TrainableConv2d;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample CNN: four 3×3 conv+BN+ReLU layers in two pooled stages (48 and 96 channels) and a two-layer classifier.
 * It keeps references to its layers because the ONNX export reads their parameters by layer, not by flat index.
 * About 41 M multiply-adds per image, almost all in the convolutions: enough that batch-1 latency on a desktop CPU is
 * above half a millisecond and dominated by the convolutions, so that optimizations show up in latency, not only in size.
 */
public final class FashionCnn {
    /** DJL's default, written down because the export folds it into the conv weights. */
    static final float BN_EPSILON = 1e-5f;

    /** One conv layer, its batch norm, and whether a 2×2 max pool follows the ReLU. */
    public record ConvLayer(String name, int outChannels, Conv2d conv, BatchNorm norm, boolean poolAfter) {
    }

    public record DenseLayer(String name, int units, Linear linear) {
    }

    private final SequentialBlock block = new SequentialBlock();
    private final List<ConvLayer> convLayers = new ArrayList<>();
    private final DenseLayer hidden;
    private final DenseLayer logits;

    /** The architecture with the given conv widths per stage and hidden units, e.g. (32, 64, 64). */
    public FashionCnn(int stage1Channels, int stage2Channels, int hiddenUnits) {
        addConv("conv1", stage1Channels, false);
        addConv("conv2", stage1Channels, true);
        addConv("conv3", stage2Channels, false);
        addConv("conv4", stage2Channels, true);
        block.add(Blocks.batchFlattenBlock());
        hidden = addDense("fc1", hiddenUnits);
        block.add(Activation.reluBlock());
        logits = addDense("fc2", FashionMnist.CLASS_NAMES.size());
    }

    /** The sample model's size. */
    public static FashionCnn standard() {
        return new FashionCnn(48, 96, 64);
    }

    public SequentialBlock block() {
        return block;
    }

    public List<ConvLayer> convLayers() {
        return List.copyOf(convLayers);
    }

    public DenseLayer hidden() {
        return hidden;
    }

    public DenseLayer logits() {
        return logits;
    }

    /** Channels × height × width after the last pool: what the classifier's first layer reads. */
    public long flattenedSize() {
        int side = FashionMnist.SIDE;
        for (ConvLayer layer : convLayers) {
            side = layer.poolAfter() ? side / 2 : side;
        }
        return (long) convLayers.get(convLayers.size() - 1).outChannels() * side * side;
    }

    /** The layers in words, for the README: read from this network, so the text cannot drift from the model. */
    public String describeLayers() {
        StringBuilder s = new StringBuilder();
        long inChannels = 1;
        for (ConvLayer layer : convLayers) {
            s.append("conv3×3 ").append(inChannels).append('→').append(layer.outChannels()).append(", ");
            if (layer.poolAfter()) {
                s.append("max-pool 2, ");
            }
            inChannels = layer.outChannels();
        }
        return s + "flatten " + flattenedSize() + ", fully connected " + flattenedSize() + "→" + hidden.units()
                + " + ReLU, fully connected " + hidden.units() + "→" + logits.units();
    }

    /** Multiply-adds for one image, counted layer by layer from the architecture (pooling and ReLU excluded). */
    public long multiplyAdds() {
        long macs = 0;
        long side = FashionMnist.SIDE;
        long inChannels = 1;
        for (ConvLayer layer : convLayers) {
            macs += side * side * layer.outChannels() * inChannels * 9;
            inChannels = layer.outChannels();
            side = layer.poolAfter() ? side / 2 : side;
        }
        return macs + flattenedSize() * hidden.units() + (long) hidden.units() * logits.units();
    }

    private void addConv(String name, int channels, boolean poolAfter) {
        // No conv bias: the batch norm's beta does that job, and the export folds both into one bias anyway.
        // Trainable rather than Conv2d: oneDNN's own backward-data kernels give wrong, sometimes NaN, input gradients
        // when the output channels do not fill their 8- or 16-channel blocks (TrainableConvolution says more).
        Conv2d conv = TrainableConv2d.of(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                .setFilters(channels).optBias(false));
        BatchNorm norm = BatchNorm.builder().optEpsilon(BN_EPSILON).build();
        block.add(conv).add(norm).add(Activation.reluBlock());
        if (poolAfter) {
            block.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        convLayers.add(new ConvLayer(name, channels, conv, norm, poolAfter));
    }

    private DenseLayer addDense(String name, int units) {
        Linear linear = Linear.builder().setUnits(units).build();
        block.add(linear);
        return new DenseLayer(name, units, linear);
    }
}
