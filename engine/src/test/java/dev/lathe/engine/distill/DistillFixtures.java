package dev.lathe.engine.distill;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.Samples;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.data.Preprocessing;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.torchscript.PyTorchEngine;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.SessionOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the distillation tests share: PyTorch started before ONNX Runtime (libtorch must load first in a JVM that
 * runs both), the sample CNN as teacher, Fashion-MNIST images, and ONNX Runtime to run every student.
 */
final class DistillFixtures {
    static final PyTorchEngine PYTORCH = Samples.PYTORCH;
    static final Runtimes RUNTIMES = Samples.runtimes();
    static final Preprocessing FASHION = Samples.FASHION;
    static final Teacher TEACHER = new Teacher("cnn.onnx", Samples.cnn(), ModelFormat.ONNX);

    private DistillFixtures() {
    }

    static void start() throws LatheException {
        PYTORCH.engine();
    }

    static OnnxModel teacher() throws LatheException {
        return OnnxModel.read(Samples.cnn());
    }

    static Dataset train() throws LatheException {
        return Datasets.open(Samples.trainImages());
    }

    static Dataset test() throws LatheException {
        return Datasets.open(Samples.testImages());
    }

    /** The first output of {@code model} in ONNX Runtime on the test images {@code from .. from+count-1}. */
    static FloatTensor logits(Path model, int from, int count) throws LatheException {
        Dataset data = test();
        float[] values = new float[count * FASHION.size()];
        for (int i = 0; i < count; i++) {
            FASHION.apply(data.sample(from + i), values, i * FASHION.size());
        }
        try (InferenceSession session = RUNTIMES.open(model, ModelFormat.ONNX, Optional.empty(),
                SessionOptions.DEFAULT.withThreads(2))) {
            return session.run(new FloatTensor(values, new long[] {count, 1, 28, 28}));
        }
    }

    static Path write(OnnxModel model, Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        model.write(file);
        return file;
    }

    static int[] argMax(FloatTensor logits) {
        int classes = logits.rowLength();
        int[] best = new int[logits.rows()];
        for (int r = 0; r < best.length; r++) {
            for (int c = 1; c < classes; c++) {
                best[r] = logits.data()[r * classes + c] > logits.data()[r * classes + best[r]] ? c : best[r];
            }
        }
        return best;
    }

    /** Share of rows where the two models pick the same class. */
    static double agreement(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return (double) same / a.length;
    }
}
