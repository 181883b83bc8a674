package dev.lathe.engine.quantize;

import ai.onnxruntime.OrtSession;
import java.nio.file.Path;

/**
 * Top-1 of models on Fashion-MNIST computed with ONNX Runtime alone: the IDX files read byte by byte, pixels × 1/255,
 * default session options but one thread, argmax against the labels. No Lathe code between the file and the figure,
 * so it checks Lathe's evaluator, and it runs anywhere a JVM does, under QEMU's emulated CPUs too:
 * {@code qemu-x86_64 -cpu Haswell java -cp CLASSPATH dev.lathe.engine.quantize.IndependentTop1 IMAGES LABELS COUNT MODEL...}
 */
public final class IndependentTop1 {
    private static final int BATCH = 100;

    private IndependentTop1() {
    }

    public static void main(String[] args) throws Exception {
        byte[] images = OutputProbe.gunzip(Path.of(args[0]));
        byte[] labels = OutputProbe.gunzip(Path.of(args[1]));
        int count = Integer.parseInt(args[2]);
        for (int m = 3; m < args.length; m++) {
            Path model = Path.of(args[m]);
            int right = 0;
            try (OrtSession session = OutputProbe.open(model)) {
                for (int from = 0; from < count; from += BATCH) {
                    int n = Math.min(BATCH, count - from);
                    float[] logits = OutputProbe.run(session, images, from, n);
                    int classes = logits.length / n;
                    for (int i = 0; i < n; i++) {
                        int best = 0;
                        for (int c = 1; c < classes; c++) {
                            best = logits[i * classes + c] > logits[i * classes + best] ? c : best;
                        }
                        right += best == (labels[8 + from + i] & 0xff) ? 1 : 0;
                    }
                }
            }
            System.out.printf("%s: top-1 %.2f %% (%d of %d)%n", model.getFileName(), 100.0 * right / count, right,
                    count);
        }
    }
}
