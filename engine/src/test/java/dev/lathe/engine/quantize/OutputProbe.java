package dev.lathe.engine.quantize;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.DataOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Runs models on the first Fashion-MNIST test images with ONNX Runtime alone (no Lathe code between them) and writes
 * every output value: a second opinion that can run in another process, under another CPU model.
 * Arguments: IMAGES.gz COUNT OUT MODEL... (OUT gets one file per model, named after it, of big-endian floats).
 */
public final class OutputProbe {
    private OutputProbe() {
    }

    public static void main(String[] args) throws Exception {
        byte[] images = gunzip(Path.of(args[0]));
        int count = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        for (int m = 3; m < args.length; m++) {
            Path model = Path.of(args[m]);
            float[] outputs = run(model, images, count);
            try (DataOutputStream data = new DataOutputStream(Files.newOutputStream(out.resolve(
                    model.getFileName() + ".out")))) {
                for (float v : outputs) {
                    data.writeFloat(v);
                }
            }
        }
    }

    /** The model's first output for each of the first {@code count} images (pixels × 1/255), one thread. */
    static float[] run(Path model, byte[] images, int count) throws Exception {
        try (OrtSession session = open(model)) {
            return run(session, images, 0, count);
        }
    }

    static OrtSession open(Path model) throws Exception {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            return OrtEnvironment.getEnvironment().createSession(model.toString(), options);
        }
    }

    /** The first output for images {@code from} to {@code from + count} of the IDX file {@code images}. */
    static float[] run(OrtSession session, byte[] images, int from, int count) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String input = session.getInputNames().iterator().next();
        float[] pixels = new float[count * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (images[16 + from * 784 + i] & 0xff) / 255f;
        }
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {count, 1, 28, 28});
             OrtSession.Result result = session.run(Map.of(input, x))) {
            FloatBuffer y = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[y.remaining()];
            y.get(values);
            return values;
        }
    }

    static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(new FileInputStream(file.toFile()))) {
            return in.readAllBytes();
        }
    }
}
