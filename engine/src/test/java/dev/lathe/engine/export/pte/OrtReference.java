package dev.lathe.engine.export.pte;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** ONNX Runtime on one thread, the reference an exported program is compared with. */
public final class OrtReference implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    public OrtReference(byte[] model) throws Exception {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = env.createSession(model, options);
        }
    }

    /** Output 0 for one float input of the given shape. */
    public float[] run(float[] input, long[] shape) throws Exception {
        String name = session.getInputNames().iterator().next();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                OrtSession.Result result = session.run(Map.of(name, tensor))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }

    /** The median of {@code iters} timed runs, in ms, after 10 warm-up runs. */
    double medianMs(float[] input, long[] shape, int iters) throws Exception {
        double[] ms = latenciesMs(input, shape, iters);
        return ms[iters / 2];
    }

    /** {@code iters} timed runs in ms, sorted, after 10 warm-up runs. */
    double[] latenciesMs(float[] input, long[] shape, int iters) throws Exception {
        for (int i = 0; i < 10; i++) {
            run(input, shape);
        }
        double[] ms = new double[iters];
        for (int i = 0; i < iters; i++) {
            long start = System.nanoTime();
            run(input, shape);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(ms);
        return ms;
    }

    /** The value at quantile {@code q} (0.5: p50) of sorted latencies. */
    static double quantile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }

    public static double maxAbsDiff(float[] a, float[] b) {
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
