package dev.lathe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A convolution over images whose gradients are right on every CPU. libtorch 2.7.1 runs most float convolutions
 * (any batch of more than one image) through oneDNN 3.7.1, whose direct backward-data kernels (jit:avx512_core,
 * jit:avx2) return wrong input gradients, even NaN, on an AMD EPYC with AVX-512 (family 26) when the output channels
 * do not fill their 16- or 8-channel blocks: for a 2×2 kernel only the first kernel tap reaches the input. So while
 * autograd records, a convolution is written as the sum over kernel taps of the weights at that tap times the input
 * shifted by it, and PyTorch differentiates matrix products; inference keeps the native kernel, whose forward values
 * are right. DJL cannot tell whether an intermediate array takes a gradient ({@code hasGradient} is false for every
 * non-leaf), hence the test on recording rather than on the input.
 */
final class TrainableConvolution {
    private TrainableConvolution() {
    }

    /** Like {@link Conv2d#conv2d}: {@code padding} is per axis, the same before and after. */
    static NDArray conv2d(NDArray x, NDArray w, NDArray bias, long[] strides, long[] padding, long[] dilations,
            int groups) {
        if (!JniUtils.isGradMode()) {
            return Conv2d.conv2d(x, w, bias, new Shape(strides), new Shape(padding), new Shape(dilations), groups)
                    .get(0);
        }
        NDArray padded = padding[0] == 0 && padding[1] == 0 ? x
                : x.pad(new Shape(padding[1], padding[1], padding[0], padding[0]), 0);
        long[] in = padded.getShape().getShape();
        long[] k = w.getShape().getShape();
        long outH = (in[2] - dilations[0] * (k[2] - 1) - 1) / strides[0] + 1;
        long outW = (in[3] - dilations[1] * (k[3] - 1) - 1) / strides[1] + 1;
        NDArray y = null;
        for (long i = 0; i < k[2]; i++) {
            for (long j = 0; j < k[3]; j++) {
                long top = i * dilations[0];
                long left = j * dilations[1];
                // Per group: (C_out/g × C_in/g) weights at this tap times (C_in/g × positions) input cells.
                NDArray cells = padded.get(new NDIndex().addAllDim(2)
                        .addSliceDim(top, top + (outH - 1) * strides[0] + 1, strides[0])
                        .addSliceDim(left, left + (outW - 1) * strides[1] + 1, strides[1]))
                        .reshape(in[0], groups, in[1] / groups, outH * outW);
                NDArray tap = w.get(new NDIndex().addAllDim(2).addIndices(i).addIndices(j))
                        .reshape(groups, k[0] / groups, k[1]);
                NDArray product = tap.matMul(cells);
                y = y == null ? product : y.add(product);
            }
        }
        y = y.reshape(in[0], k[0], outH, outW);
        return bias == null ? y : y.add(bias.reshape(1, k[0], 1, 1));
    }
}
