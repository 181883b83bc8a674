package dev.lathe.samples;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/** Runs the DJL network in inference mode (batch norms on running statistics), as the export must reproduce. */
public final class DjlClassifier {
    private static final int CHUNK = 500;

    private DjlClassifier() {
    }

    /** Logits for images {@code [from, from + n)} of {@code data}, one row per image. */
    public static float[][] logits(Model model, FashionMnist data, int from, int n) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray x = scope.create(data.images(from, n), new Shape(n, 1, FashionMnist.SIDE, FashionMnist.SIDE));
            NDArray out = model.getBlock().forward(new ParameterStore(scope, false), new NDList(x), false)
                    .singletonOrThrow();
            int classes = (int) out.getShape().get(1);
            float[] flat = out.toFloatArray();
            float[][] rows = new float[n][classes];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * classes, rows[i], 0, classes);
            }
            return rows;
        }
    }

    /** Top-1 accuracy over the whole split, in chunks so memory stays small. */
    public static double top1(Model model, FashionMnist data) {
        long correct = 0;
        for (int from = 0; from < data.count(); from += CHUNK) {
            int n = Math.min(CHUNK, data.count() - from);
            correct += Top1.correct(logits(model, data, from, n), data.labels(), from);
        }
        return (double) correct / data.count();
    }
}
