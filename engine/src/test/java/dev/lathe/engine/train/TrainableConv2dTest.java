package dev.lathe.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Input and weight gradients of {@link TrainableConv2d} against the convolution's gradient written out in double
 * precision. Four output channels over a batch of three is the case where oneDNN's own backward-data kernels are wrong
 * (or NaN) on the CPUs ADR 0003 names, so a plain {@code Conv2d} fails this test there.
 */
class TrainableConv2dTest {
    private static final int N = 3;
    private static final int C = 3;
    private static final int O = 4;
    private static final int S = 6;
    private static final int K = 3;
    private static NDManager manager;

    @BeforeAll
    static void start() throws Exception {
        Bridge.start();
        manager = Bridge.manager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void gradientsMatchTheConvolutionWrittenOut() throws Exception {
        Random random = new Random(7);
        float[] x = randoms(random, N * C * S * S);
        float[] r = randoms(random, N * O * S * S);
        try (NDManager scope = manager.newSubManager()) {
            Conv2d conv = TrainableConv2d.of(Conv2d.builder().setKernelShape(new Shape(K, K))
                    .optPadding(new Shape(1, 1)).setFilters(O).optBias(false));
            conv.initialize(scope, DataType.FLOAT32, new Shape(N, C, S, S));
            NDArray weight = conv.getParameters().get("weight").getArray();
            float[] w = randoms(random, O * C * K * K);
            weight.set(w);
            NDArray input = scope.create(x, new Shape(N, C, S, S));
            input.setRequiresGradient(true);
            NDArray upstream = scope.create(r, new Shape(N, O, S, S));
            try (GradientCollector collector = Bridge.PYTORCH.engine().newGradientCollector()) {
                NDArray y = conv.forward(new ParameterStore(scope, false), new NDList(input), true).singletonOrThrow();
                collector.backward(y.mul(upstream).sum());
            }
            double[][] expected = writtenOut(x, w, r);

            assertThat(maxAbsDiff(input.getGradient().toFloatArray(), expected[0])).isLessThan(1e-4);
            assertThat(maxAbsDiff(weight.getGradient().toFloatArray(), expected[1])).isLessThan(1e-4);
        }
    }

    /** dL/dx and dL/dw of L = Σ y·r, y = conv(x, w) with padding 1, as loops. */
    private static double[][] writtenOut(float[] x, float[] w, float[] r) {
        double[] dx = new double[x.length];
        double[] dw = new double[w.length];
        for (int n = 0; n < N; n++) {
            for (int o = 0; o < O; o++) {
                for (int h = 0; h < S; h++) {
                    for (int v = 0; v < S; v++) {
                        double g = r[((n * O + o) * S + h) * S + v];
                        for (int c = 0; c < C; c++) {
                            for (int i = 0; i < K; i++) {
                                for (int j = 0; j < K; j++) {
                                    int ih = h + i - 1;
                                    int iv = v + j - 1;
                                    if (ih < 0 || ih >= S || iv < 0 || iv >= S) {
                                        continue;
                                    }
                                    int xi = ((n * C + c) * S + ih) * S + iv;
                                    int wi = ((o * C + c) * K + i) * K + j;
                                    dx[xi] += g * w[wi];
                                    dw[wi] += g * x[xi];
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {dx, dw};
    }

    private static float[] randoms(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static double maxAbsDiff(float[] actual, double[] expected) {
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
        }
        return max;
    }
}
