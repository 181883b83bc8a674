package dev.lathe.engine.prune;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A recipe's {@code prune} step with every parameter explicit, so it can be stored with the variant and replayed.
 * A plain value: the recipe parser validates it line by line before it is built, and the constructor refuses
 * anything the pruner could not honour, whoever builds it.
 *
 * @param sparsity the final fraction of weights (unstructured) or channels (channel) set to zero, above 0, below 1
 * @param exclude  node-name regexes whose weights are never pruned
 */
public record PruneSpec(Method method, Structure structure, double sparsity, Scope scope, Schedule schedule,
                        List<String> exclude) {

    /** What ranks a weight (or channel) for removal: its L1 or its L2 magnitude. */
    public enum Method { MAGNITUDE, L2 }

    /** Single weights, or whole output channels (which makes the model smaller and faster, not just sparser). */
    public enum Structure { UNSTRUCTURED, CHANNEL }

    /** One threshold over all prunable layers, or the same sparsity in every layer. */
    public enum Scope { GLOBAL, PER_LAYER }

    /** Pruning in one cut, or in {@code steps} growing cuts with fine-tuning in between. */
    public enum ScheduleKind { ONESHOT, GRADUAL }

    /**
     * Gradual magnitude pruning (Zhu and Gupta, 2017): sparsity rises from {@code start} to the final sparsity over
     * {@code steps} cuts, following a polynomial of degree {@code power}. A oneshot schedule ignores the numbers but
     * keeps them, so a recipe switched between kinds keeps its settings.
     */
    public record Schedule(ScheduleKind kind, double start, int steps, double power) {
        public static final Schedule DEFAULT = new Schedule(ScheduleKind.GRADUAL, 0.0, 10, 3.0);

        public Schedule {
            if (!(start >= 0 && start < 1)) {
                throw new IllegalArgumentException("schedule start must be at least 0 and below 1, not " + start);
            }
            if (steps < 1) {
                throw new IllegalArgumentException("schedule steps must be 1 or more, not " + steps);
            }
            if (!(power > 0) || Double.isInfinite(power)) {
                throw new IllegalArgumentException("schedule power must be a positive number, not " + power);
            }
        }
    }

    public PruneSpec {
        if (!(sparsity > 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must be above 0 and below 1, not " + sparsity);
        }
        if (schedule.start() >= sparsity) {
            throw new IllegalArgumentException("schedule start " + schedule.start() + " must be below the sparsity "
                    + sparsity);
        }
        exclude = List.copyOf(exclude);
        exclude.forEach(Pattern::compile);
    }
}
