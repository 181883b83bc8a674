package dev.lathe.engine.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Places point labels on a chart so that they do not cover one another: beside the point, above or below, right or
 * left, whichever is still free; when none is, the first.
 */
final class Labels {
    private static final double HEIGHT = 10;
    private final List<double[]> taken = new ArrayList<>();

    /** The baseline start of a label {@code width} wide for the point at (x, y), in a chart {@code chartWidth} wide. */
    double[] place(double x, double y, double width, double chartWidth) {
        double[][] candidates = {{x + 6, y - 5}, {x + 6, y + 13}, {x - 6 - width, y - 5}, {x - 6 - width, y + 13},
            {x + 6, y - 16}, {x + 6, y + 24}};
        for (double[] c : candidates) {
            if (c[0] >= 0 && c[0] + width <= chartWidth && free(c[0], c[1], width)) {
                taken.add(new double[] {c[0], c[1] - HEIGHT + 2, width});
                return c;
            }
        }
        double[] first = {Math.min(x + 6, chartWidth - width), y - 5};
        taken.add(new double[] {first[0], first[1] - HEIGHT + 2, width});
        return first;
    }

    private boolean free(double x, double baseline, double width) {
        double top = baseline - HEIGHT + 2;
        for (double[] t : taken) {
            boolean apart = x + width <= t[0] || t[0] + t[2] <= x || top + HEIGHT <= t[1] || t[1] + HEIGHT <= top;
            if (!apart) {
                return false;
            }
        }
        return true;
    }
}
