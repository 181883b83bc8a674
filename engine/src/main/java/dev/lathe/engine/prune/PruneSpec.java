package dev.lathe.engine.prune;

import dev.lathe.engine.parameter.ParameterException;
import java.util.List;

/**
 * One pruning step with every parameter explicit (a recipe's defaults already filled in), so it can be stored with
 * the variant and replayed. Its constructor holds every rule of a prune step and names the recipe key at fault.
 *
 * @param method    how a weight's or filter's importance is measured: L1 or L2 norm. For single weights
 *                  (unstructured) both rank by absolute value and so prune the same weights.
 * @param structure unstructured zeroes single weights (smaller compressed file, same speed); channel removes whole
 *                  filters and neurons (fewer parameters, faster)
 * @param sparsity  final fraction of weights (unstructured) or channels (channel) removed, 0 &lt; s &lt; 1
 * @param scope     one threshold over all layers, or the same fraction from every layer
 * @param exclude   node-name regexes (or op types) whose weights or output channels are left alone
 */
public record PruneSpec(Method method, Structure structure, double sparsity, Scope scope, PruneSchedule schedule,
                        List<String> exclude) {

    public enum Method { L1, L2 }

    public enum Structure { UNSTRUCTURED, CHANNEL }

    public enum Scope { GLOBAL, PER_LAYER }

    /** @throws ParameterException naming the recipe key of a parameter out of range */
    public PruneSpec {
        exclude = List.copyOf(exclude);
        ParameterException.require(sparsity > 0 && sparsity < 1, "sparsity", "'sparsity' is the fraction of weights "
                + "(or channels) removed: above 0 and below 1, like 0.8, not " + sparsity);
        ParameterException.require(schedule.start() < sparsity, "schedule.start", "'start' is the sparsity of the "
                + "first cut: at least 0 and below the final sparsity (" + sparsity + "), like 0.05, not "
                + schedule.start());
        ParameterException.patterns(exclude, "exclude");
    }
}
