package dev.lathe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.DataType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
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
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the bridge tests share: PyTorch started before ONNX Runtime (libtorch must load first in a JVM that runs
 * both), the sample CNN's test images, and ONNX Runtime as the reference each conversion is measured against.
 */
final class Bridge {
    static final PyTorchEngine PYTORCH = Samples.PYTORCH;
    static final Preprocessing FASHION = Samples.FASHION;
    private static OrtSessions ort;

    private Bridge() {
    }

    /** Starts PyTorch, then ONNX Runtime; call from every test class's {@code @BeforeAll}. */
    static synchronized void start() throws LatheException {
        PYTORCH.engine();
        if (ort == null) {
            ort = new OrtSessions(Samples.cacheDir());
        }
    }

    static NDManager manager() {
        return NDManager.newBaseManager("PyTorch");
    }

    static Dataset fashion() throws LatheException {
        return Datasets.open(Samples.testImages());
    }

    /** Test images {@code from} to {@code from + count}, preprocessed as the sample CNN expects. */
    static FloatTensor images(int from, int count) throws LatheException {
        Dataset data = fashion();
        float[] values = new float[count * FASHION.size()];
        for (int i = 0; i < count; i++) {
            FASHION.apply(data.sample(from + i), values, i * FASHION.size());
        }
        return new FloatTensor(values, new long[] {count, 1, 28, 28});
    }

    /** The first output of {@code model} in ONNX Runtime, with no graph optimisations that could hide a mismatch. */
    static FloatTensor ort(OnnxModel model, Path dir, FloatTensor input) throws LatheException, IOException {
        Path file = Files.createTempFile(dir, "model", ".onnx");
        model.write(file);
        try (InferenceSession session = ort.open(file, new SessionOptions(1, SessionOptions.OptimizationLevel.NONE))) {
            return session.run(input);
        }
    }

    static float[] djl(GraphBlock block, NDManager manager, FloatTensor input) {
        try (NDManager batch = manager.newSubManager()) {
            NDArray x = batch.create(input.data(), new Shape(input.shape()));
            return block.predict(new NDList(x)).head().toFloatArray();
        }
    }

    /**
     * Every output of {@code model} in ONNX Runtime (no graph optimisations) for named inputs, float32 or int64,
     * each output read as floats.
     */
    static List<float[]> ortOutputs(OnnxModel model, Path dir, Map<String, NDArray> inputs)
            throws IOException, OrtException {
        Path file = Files.createTempFile(dir, "model", ".onnx");
        model.write(file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            Map<String, OnnxTensor> feed = new LinkedHashMap<>();
            try (OrtSession session = env.createSession(file.toString(), options)) {
                for (var input : inputs.entrySet()) {
                    NDArray x = input.getValue();
                    long[] shape = x.getShape().getShape();
                    feed.put(input.getKey(), x.getDataType() == DataType.INT64
                            ? OnnxTensor.createTensor(env, LongBuffer.wrap(x.toLongArray()), shape)
                            : OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), shape));
                }
                try (OrtSession.Result result = session.run(feed)) {
                    List<float[]> outputs = new ArrayList<>();
                    for (var output : result) {
                        FloatBuffer values = ((OnnxTensor) output.getValue()).getFloatBuffer();
                        float[] copy = new float[values.remaining()];
                        values.get(copy);
                        outputs.add(copy);
                    }
                    return outputs;
                }
            } finally {
                feed.values().forEach(OnnxTensor::close);
            }
        }
    }

    /** Every output of the block in inference mode, for inputs in the block's input order. */
    static List<float[]> djlOutputs(GraphBlock block, NDList inputs) {
        return block.predict(inputs).stream().map(a -> a.toType(DataType.FLOAT32, false).toFloatArray()).toList();
    }

    /** The largest {@link #maxAbsDiff} over outputs taken pairwise. */
    static double maxAbsDiff(List<float[]> a, List<float[]> b) {
        if (a.size() != b.size()) {
            throw new AssertionError("output counts differ: " + a.size() + " vs " + b.size());
        }
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            max = Math.max(max, maxAbsDiff(a.get(i), b.get(i)));
        }
        return max;
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
}
