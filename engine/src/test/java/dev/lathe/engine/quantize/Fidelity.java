package dev.lathe.engine.quantize;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.SessionOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

/** How closely a variant's output follows its parent's on the same seeded random input. */
final class Fidelity {
    private Fidelity() {
    }

    static FloatTensor randomInput(long seed, long... shape) {
        Random random = new Random(seed);
        float[] values = new float[(int) FloatTensor.elementCount(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new FloatTensor(values, shape);
    }

    static FloatTensor run(OnnxModel model, Path file, FloatTensor input) throws LatheException, IOException {
        model.write(file);
        try (InferenceSession session = FashionMnist.RUNTIMES.open(file, ModelFormat.ONNX, Optional.empty(),
                SessionOptions.DEFAULT)) {
            return session.run(input);
        }
    }

    static double cosine(FloatTensor a, FloatTensor b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.data().length; i++) {
            dot += (double) a.data()[i] * b.data()[i];
            na += (double) a.data()[i] * a.data()[i];
            nb += (double) b.data()[i] * b.data()[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
