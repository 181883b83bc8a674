package dev.lathe.engine.fidelity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.model.Dim;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.variant.Perturbed;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FidelityMeterTest {
    private static final float[] W = {1f, -2f, 0.5f, -1f, 1f, 3f};
    private static final float[] W_NUDGED = {1f, -2f, 0.5f, -1f, 1f, 3.25f};

    @TempDir
    Path tmp;

    private final FidelityMeter meter = new FidelityMeter(Samples.runtimes());

    @Test
    void aModelComparedWithItselfIsPerfectlyFaithfulOnTheDataset() throws Exception {
        FidelityReport r = meter.measure(onnx(Samples.cnn()), onnx(Samples.cnn()), Optional.of(Samples.testImages()), 200,
                Progress.NONE);

        assertThat(r.samples()).isEqualTo(200);
        assertThat(r.cosine()).isCloseTo(1.0, within(1e-9));
        assertThat(r.maxAbsError()).isZero();
        assertThat(r.top1Agreement()).isEqualTo(1.0);
        assertThat(r.inputs()).isEqualTo("t10k-images-idx3-ubyte.gz");
    }

    @Test
    void aNudgedWeightShowsAsSmallButRealDifferences() throws Exception {
        Path nudged = Perturbed.copy(Samples.cnn(), tmp.resolve("nudged.onnx"), 0.5f);

        FidelityReport r = meter.measure(onnx(Samples.cnn()), onnx(nudged), Optional.empty(), 64, Progress.NONE);

        assertThat(r.samples()).isEqualTo(64);
        assertThat(r.inputs()).isEqualTo("synthetic (seed 0)");
        assertThat(r.maxAbsError()).isPositive();
        assertThat(r.cosine()).isLessThan(1.0).isGreaterThan(0.9);
    }

    @Test
    void theFiguresMatchAHandComputationOnSyntheticInputs() throws Exception {
        Path parent = gemm(tmp.resolve("parent.onnx"), W);
        Path variant = gemm(tmp.resolve("variant.onnx"), W_NUDGED);

        FidelityReport r = meter.measure(onnx(parent), onnx(variant), Optional.empty(), 50, Progress.NONE);

        // The same seeded inputs the meter used (batches of 32 and 18), pushed through y = x·Wᵀ by hand.
        double maxAbs = 0;
        double cosine = 0;
        int agree = 0;
        SyntheticInputs inputs = new SyntheticInputs("p", new TensorInfo("x", ElementType.FLOAT,
                List.of(Dim.symbolic("batch"), Dim.fixed(3))), Optional.empty(), FidelityMeter.SEED);
        float[] all = new float[50 * 3];
        System.arraycopy(inputs.next(32).data(), 0, all, 0, 96);
        System.arraycopy(inputs.next(18).data(), 0, all, 96, 54);
        for (int row = 0; row < 50; row++) {
            double[] a = times(all, row, W);
            double[] b = times(all, row, W_NUDGED);
            maxAbs = Math.max(maxAbs, Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1])));
            cosine += (a[0] * b[0] + a[1] * b[1]) / Math.sqrt((a[0] * a[0] + a[1] * a[1]) * (b[0] * b[0] + b[1] * b[1]));
            agree += (a[0] >= a[1]) == (b[0] >= b[1]) ? 1 : 0;
        }
        assertThat(r.maxAbsError()).isCloseTo(maxAbs, within(1e-5));
        assertThat(r.cosine()).isCloseTo(cosine / 50, within(1e-6));
        assertThat(r.top1Agreement()).isEqualTo(agree / 50.0);
    }

    @Test
    void syntheticInputsForTokenIdsStayInsideASmallEmbeddingTable() throws Exception {
        Path embedding = tmp.resolve("emb.onnx");
        new OnnxGraphBuilder("emb")
                .input("ids", ElementType.INT64, List.of("batch", "sequence"))
                .initializer("table", new float[SyntheticInputs.INTEGER_RANGE * 2], SyntheticInputs.INTEGER_RANGE, 2)
                .node("Gather", List.of("table", "ids"), List.of("y"), "/embed/Gather")
                .output("y", ElementType.FLOAT, List.of("batch", "sequence", 2))
                .write(embedding);

        FidelityReport r = meter.measure(onnx(embedding), onnx(embedding), Optional.empty(), 10, Progress.NONE);

        assertThat(r.samples()).isEqualTo(10);
        assertThat(r.maxAbsError()).isZero();
    }

    @Test
    void modelsWithDifferentOutputsCannotBeCompared() throws Exception {
        Path gemm = gemm(tmp.resolve("g.onnx"), W);
        Path relu = tmp.resolve("relu.onnx");
        new OnnxGraphBuilder("relu").input("x", ElementType.FLOAT, List.of("batch", 3))
                .node("Relu", List.of("x"), List.of("y"), "/act/Relu")
                .output("y", ElementType.FLOAT, List.of("batch", 3)).write(relu);

        assertThatThrownBy(() -> meter.measure(onnx(gemm), onnx(relu), Optional.empty(), 4, Progress.NONE))
                .isInstanceOf(InferenceException.class)
                .hasMessage("relu.onnx: its output has shape [4, 3] where g.onnx gives [4, 2]; they cannot be compared");
    }

    private static double[] times(float[] x, int row, float[] w) {
        double[] y = new double[2];
        for (int o = 0; o < 2; o++) {
            for (int i = 0; i < 3; i++) {
                y[o] += (double) x[row * 3 + i] * w[o * 3 + i];
            }
        }
        return y;
    }

    private static Path gemm(Path file, float[] weights) throws Exception {
        new OnnxGraphBuilder("gemm")
                .input("x", ElementType.FLOAT, List.of("batch", 3))
                .initializer("w", weights, 2, 3)
                .node("Gemm", List.of("x", "w"), List.of("y"), "/fc/Gemm", OnnxGraphBuilder.intAttr("transB", 1))
                .output("y", ElementType.FLOAT, List.of("batch", 2))
                .write(file);
        return file;
    }

    private static ModelHandle onnx(Path file) {
        return new ModelHandle(file, ModelFormat.ONNX, Optional.empty());
    }
}
