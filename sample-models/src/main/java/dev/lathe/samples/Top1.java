package dev.lathe.samples;

/** Counting top-1 hits, shared by the DJL and ONNX Runtime evaluations so both score the same way. */
final class Top1 {
    private Top1() {
    }

    /** How many rows' highest logit is at the label of image {@code from + row}. */
    static long correct(float[][] logits, int[] labels, int from) {
        long hits = 0;
        for (int row = 0; row < logits.length; row++) {
            if (argMax(logits[row]) == labels[from + row]) {
                hits++;
            }
        }
        return hits;
    }

    static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The largest absolute difference between two equally shaped logit tables. */
    static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int row = 0; row < a.length; row++) {
            for (int col = 0; col < a[row].length; col++) {
                max = Math.max(max, Math.abs(a[row][col] - b[row][col]));
            }
        }
        return max;
    }
}
