package dev.lathe.engine.prune;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One pruning step with every parameter explicit (a recipe's defaults already filled in), so it can be stored with
 * the variant and replayed. {@link #validate()} checks it in one place and names the field at fault.
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

    public PruneSpec {
        exclude = List.copyOf(exclude);
    }

    /** Throws naming the first field out of range and the range it must lie in. */
    public void validate() throws PruneException {
        if (!(sparsity > 0 && sparsity < 1)) {
            throw new PruneException(String.format(Locale.ROOT, "sparsity must be a fraction above 0 and below 1"
                    + " (0.5 removes half), not %s", sparsity));
        }
        schedule.validate(sparsity);
        for (String p : exclude) {
            try {
                Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                throw new PruneException("exclude pattern '" + p + "' is not a valid regular expression ("
                        + e.getDescription() + "); escape special characters like '.' and '['", e);
            }
        }
    }
}
