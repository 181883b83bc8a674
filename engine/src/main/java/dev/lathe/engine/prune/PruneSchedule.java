package dev.lathe.engine.prune;

import dev.lathe.engine.parameter.ParameterException;

/**
 * How the sparsity grows towards its final value. Gradual pruning (Zhu &amp; Gupta, "To prune, or not to prune",
 * 2017) prunes a little, fine-tunes, prunes more: the network recovers between steps, and the cubic ramp removes
 * much early, while many weights are redundant, and little at the end, where each one matters.
 *
 * @param start sparsity of the first step (gradual only)
 * @param steps how many prune-then-fine-tune rounds; one-shot is a single round
 * @param power exponent of the ramp; 3 is Zhu &amp; Gupta's cubic schedule
 */
public record PruneSchedule(Kind kind, double start, int steps, double power) {

    /** One-shot prunes to the final sparsity at once; gradual ramps up over {@code steps} rounds. */
    public enum Kind { ONE_SHOT, GRADUAL }

    /**
     * A one-shot schedule is held to the same bounds, as a recipe writes all four fields whatever the kind; that the
     * first cut stays below the final sparsity is {@link PruneSpec}'s rule, which knows that sparsity.
     *
     * @throws ParameterException naming the recipe key of a parameter out of range
     */
    public PruneSchedule {
        ParameterException.require(start >= 0, "start", "'start' is the sparsity of the first cut: at least 0 and "
                + "below the final sparsity, like 0.05, not " + start);
        ParameterException.require(steps >= 1 && steps <= 1000, "steps", "'steps' is the number of cuts: from 1 to "
                + "1000, like 10, not " + steps);
        ParameterException.require(power >= 1 && power <= 10, "power", "'power' shapes the schedule (3 prunes fast "
                + "early, 1 evenly): from 1 to 10, not " + power);
    }

    public static final PruneSchedule ONE_SHOT = new PruneSchedule(Kind.ONE_SHOT, 0, 1, 3);

    /** Zhu &amp; Gupta's cubic schedule from {@code start} over {@code steps} rounds. */
    public static PruneSchedule gradual(double start, int steps) {
        return new PruneSchedule(Kind.GRADUAL, start, steps, 3);
    }

    /** The sparsity to reach at each round, ending exactly at {@code target}, never decreasing. */
    public double[] sparsities(double target) {
        int n = kind == Kind.ONE_SHOT ? 1 : steps;
        double[] s = new double[n];
        for (int k = 0; k < n; k++) {
            double remaining = n == 1 ? 0 : 1 - (double) k / (n - 1);
            s[k] = target + (Math.min(start, target) - target) * Math.pow(remaining, power);
        }
        s[n - 1] = target;
        return s;
    }
}
