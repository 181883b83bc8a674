package dev.lathe.engine.fidelity;

import dev.lathe.engine.runtime.FloatTensor;

/** Accumulates the fidelity figures batch by batch, comparing output rows of parent and variant. */
final class OutputComparison {
    private double cosineSum;
    private double maxAbs;
    private int agree;
    private int rows;

    void add(FloatTensor parent, FloatTensor variant) {
        int n = parent.rows();
        int k = parent.rowLength();
        float[] p = parent.data();
        float[] v = variant.data();
        for (int r = 0; r < n; r++) {
            double dot = 0;
            double pp = 0;
            double vv = 0;
            int pBest = 0;
            int vBest = 0;
            for (int c = 0; c < k; c++) {
                int i = r * k + c;
                dot += (double) p[i] * v[i];
                pp += (double) p[i] * p[i];
                vv += (double) v[i] * v[i];
                maxAbs = Math.max(maxAbs, Math.abs((double) p[i] - v[i]));
                pBest = p[i] > p[r * k + pBest] ? c : pBest;
                vBest = v[i] > v[r * k + vBest] ? c : vBest;
            }
            cosineSum += cosine(dot, pp, vv);
            agree += pBest == vBest ? 1 : 0;
            rows++;
        }
    }

    // Two all-zero rows are identical; one all-zero row against another has no direction in common.
    private static double cosine(double dot, double pp, double vv) {
        if (pp == 0 || vv == 0) {
            return pp == vv ? 1 : 0;
        }
        return dot / Math.sqrt(pp * vv);
    }

    FidelityReport report(String inputs) {
        return new FidelityReport(rows == 0 ? 0 : cosineSum / rows, maxAbs, rows == 0 ? 0 : (double) agree / rows,
                rows, inputs);
    }
}
