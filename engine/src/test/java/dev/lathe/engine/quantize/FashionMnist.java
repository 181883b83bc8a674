package dev.lathe.engine.quantize;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.data.Preprocessing;
import dev.lathe.engine.data.PreprocessingInference;
import dev.lathe.engine.data.PreprocessingOverrides;
import dev.lathe.engine.eval.Evaluator;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.SessionOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The sample CNN's test images, fed the way the app's LocalDevice feeds them. */
final class FashionMnist {
    private static final int BATCH = 64;
    static final Runtimes RUNTIMES = Samples.runtimes();

    private FashionMnist() {
    }

    static Dataset data() throws LatheException {
        return Datasets.open(Samples.testImages());
    }

    static Preprocessing preprocessing(InferenceSession session, Dataset data) throws LatheException {
        return PreprocessingInference.infer("cnn.onnx", session.inputs().get(0), new long[] {1, 1, 28, 28}, data,
                PreprocessingOverrides.NONE);
    }

    /** Top-1 accuracy of a model file over all 10 000 test images. */
    static double top1(Path model) throws LatheException {
        Dataset data = data();
        try (InferenceSession session = RUNTIMES.open(model, ModelFormat.ONNX, Optional.empty(),
                SessionOptions.DEFAULT.withThreads(Runtime.getRuntime().availableProcessors()))) {
            return new Evaluator().evaluate(session, model.getFileName().toString(), data,
                    preprocessing(session, data), BATCH, 0, Progress.NONE).top1();
        }
    }

    /** The first {@code count} test images as calibration batches of 32. */
    static CalibrationData calibration(int count) throws LatheException {
        return calibration(data(), count);
    }

    /** The first {@code count} images of {@code data} as calibration batches of 32. */
    static CalibrationData calibration(Dataset data, int count) throws LatheException {
        Preprocessing pre;
        try (InferenceSession session = RUNTIMES.open(Samples.cnn(), ModelFormat.ONNX, Optional.empty(),
                SessionOptions.DEFAULT)) {
            pre = preprocessing(session, data);
        }
        List<FloatTensor> batches = new ArrayList<>();
        for (int from = 0; from < count; from += 32) {
            int size = Math.min(32, count - from);
            float[] values = new float[size * pre.size()];
            for (int i = 0; i < size; i++) {
                pre.apply(data.sample(from + i), values, i * pre.size());
            }
            batches.add(new FloatTensor(values, new long[] {size, 1, 28, 28}));
        }
        return new CalibrationData(batches, data.sha256());
    }

    /** The op types of the graph ONNX Runtime actually runs, after all its fusions, dumped through the session. */
    static List<String> optimizedOps(Path model, Path dump) throws Exception {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setOptimizedModelFilePath(dump.toString());
            OrtEnvironment.getEnvironment().createSession(model.toString(), options).close();
        }
        return OnnxModel.read(dump).proto().getGraph().getNodeList().stream().map(n -> n.getOpType()).toList();
    }
}
