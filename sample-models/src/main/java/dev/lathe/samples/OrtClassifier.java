package dev.lathe.samples;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** The exported file as ONNX Runtime runs it: the independent check that the export means what DJL computed. */
public final class OrtClassifier implements AutoCloseable {
    private static final int CHUNK = 500;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    public OrtClassifier(Path model, int threads) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            session = env.createSession(model.toString(), options);
        }
    }

    /** Logits for images {@code [from, from + n)}, fed through the graph's "input" and read from "logits". */
    public float[][] logits(FashionMnist data, int from, int n) throws OrtException {
        long[] shape = {n, 1, FashionMnist.SIDE, FashionMnist.SIDE};
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(data.images(from, n)), shape);
                OrtSession.Result result = session.run(Map.of(CnnOnnxExporter.INPUT, input))) {
            OnnxTensor out = (OnnxTensor) result.get(CnnOnnxExporter.OUTPUT)
                    .orElseThrow(() -> new IllegalStateException("model has no 'logits' output"));
            return (float[][]) out.getValue();
        }
    }

    /** Top-1 accuracy over the whole split. */
    public double top1(FashionMnist data) throws OrtException {
        long correct = 0;
        for (int from = 0; from < data.count(); from += CHUNK) {
            int n = Math.min(CHUNK, data.count() - from);
            correct += Top1.correct(logits(data, from, n), data.labels(), from);
        }
        return (double) correct / data.count();
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
