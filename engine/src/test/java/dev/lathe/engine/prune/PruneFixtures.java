package dev.lathe.engine.prune;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.Samples;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.data.Preprocessing;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.torchscript.PyTorchEngine;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.OrtSessions;
import dev.lathe.engine.runtime.SessionOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * What the pruning tests share: PyTorch started before ONNX Runtime (libtorch must load first in a JVM that runs
 * both), Fashion-MNIST train and test images, and ONNX Runtime to run every pruned model.
 */
final class PruneFixtures {
    static final PyTorchEngine PYTORCH = Samples.PYTORCH;
    static final Preprocessing FASHION = Samples.FASHION;
    private static OrtSessions ort;

    private PruneFixtures() {
    }

    static synchronized void start() throws LatheException {
        PYTORCH.engine();
        if (ort == null) {
            ort = new OrtSessions(Samples.cacheDir());
        }
    }

    static Dataset train() throws LatheException {
        return Datasets.open(Samples.trainImages());
    }

    static Dataset test() throws LatheException {
        return Datasets.open(Samples.testImages());
    }

    /** The first output of {@code model} in ONNX Runtime, with no graph optimisations that could hide a mismatch. */
    static FloatTensor run(OnnxModel model, Path dir, FloatTensor input) throws LatheException, IOException {
        Path file = Files.createTempFile(dir, "model", ".onnx");
        model.write(file);
        try (InferenceSession session = ort.open(file, new SessionOptions(1, SessionOptions.OptimizationLevel.NONE))) {
            return session.run(input);
        }
    }

    /** Top-1 of {@code model} in ONNX Runtime on test images {@code 0 .. count-1}. */
    static double top1(OnnxModel model, Path dir, int count) throws LatheException, IOException {
        Dataset data = test();
        float[] values = new float[count * FASHION.size()];
        for (int i = 0; i < count; i++) {
            FASHION.apply(data.sample(i), values, i * FASHION.size());
        }
        float[] logits = run(model, dir, new FloatTensor(values, new long[] {count, 1, 28, 28})).data();
        int classes = logits.length / count;
        int correct = 0;
        for (int i = 0; i < count; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                best = logits[i * classes + c] > logits[i * classes + best] ? c : best;
            }
            correct += best == data.label(i) ? 1 : 0;
        }
        return (double) correct / count;
    }

    static FloatTensor randomInput(long seed, long... shape) {
        Random r = new Random(seed);
        float[] v = new float[(int) FloatTensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new FloatTensor(v, shape);
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    static long params(OnnxModel model) {
        return model.proto().getGraph().getInitializerList().stream()
                .mapToLong(t -> t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (x, y) -> x * y))
                .sum();
    }
}
