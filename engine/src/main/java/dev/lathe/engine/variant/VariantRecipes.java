package dev.lathe.engine.variant;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.lathe.engine.provenance.Provenance;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.recipe.RecipeWriter;
import dev.lathe.engine.store.StoredVariant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recipe a variant was made by, read back from its provenance, and the same recipe with one more layer kept in
 * float: what "keep this layer in float" writes into the form before it runs again on the variant's parent.
 */
public final class VariantRecipes {
    private static final Pattern KEPT_SUFFIX = Pattern.compile("(.*)-float(\\d+)");

    private VariantRecipes() {
    }

    /** The one step that made the variant, with every parameter it recorded, as a recipe of its own. */
    public static Recipe madeBy(Provenance provenance) throws RecipeException {
        String name = new String(JsonStringEncoder.getInstance().quoteAsString(provenance.recipeName()));
        String yaml = "lathe: " + Recipe.VERSION + "\nname: \"" + name + "\"\nseed: " + provenance.seed()
                + "\nsteps:\n  - " + provenance.step() + ": { " + RecipeWriter.inline(provenance.parameters()) + " }\n";
        return new RecipeParser().parse("the recipe that made this variant", yaml);
    }

    /**
     * {@link #madeBy} with {@code node} added to the step's exclude list as an exact name pattern, renamed so the new
     * variant stands apart from its sibling: {@code int8-static} becomes {@code int8-static-float1}, then {@code -float2}.
     */
    public static Recipe keepingInFloat(StoredVariant variant, String node) throws RecipeException {
        Recipe made = madeBy(variant.provenance());
        if (!(made.steps().get(0) instanceof RecipeStep.Quantize q)) {
            throw new RecipeException("'" + made.name() + "' made this variant with a " + made.steps().get(0).kind()
                    + " step, not by quantizing, so it has no layer to keep in float");
        }
        QuantizeSpec s = q.spec();
        String pattern = exactPattern(node);
        List<String> exclude = new ArrayList<>(s.exclude());
        if (!exclude.contains(pattern)) {
            exclude.add(pattern);
        }
        QuantizeSpec spec = new QuantizeSpec(s.mode(), s.perChannel(), s.symmetricActivations(), s.reduceRange(),
                s.calibration(), exclude, s.accuracyBudget());
        return new Recipe(made.version(), renamed(made.name()), made.seed(), List.of(new RecipeStep.Quantize(spec)));
    }

    /**
     * {@link #madeBy} with {@code reduce_range: auto}: the same quantization with weights that no CPU's int8 kernels
     * saturate, named apart from its sibling ({@code int8-static} becomes {@code int8-static-safe}).
     */
    public static Recipe withSafeWeights(StoredVariant variant) throws RecipeException {
        Recipe made = madeBy(variant.provenance());
        if (!(made.steps().get(0) instanceof RecipeStep.Quantize q)) {
            throw new RecipeException("'" + made.name() + "' made this variant with a " + made.steps().get(0).kind()
                    + " step, not by quantizing, so there are no int8 weights to make again");
        }
        QuantizeSpec s = q.spec();
        QuantizeSpec spec = new QuantizeSpec(s.mode(), s.perChannel(), s.symmetricActivations(),
                QuantizeSpec.ReduceRange.AUTO, s.calibration(), s.exclude(), s.accuracyBudget());
        return new Recipe(made.version(), made.name() + "-safe", made.seed(), List.of(new RecipeStep.Quantize(spec)));
    }

    /** A regex matching exactly this node name, escaped with backslashes so it stays readable in YAML. */
    static String exactPattern(String node) {
        return node.replaceAll("[\\\\.\\[\\]{}()*+?^$|]", "\\\\$0");
    }

    private static String renamed(String name) {
        Matcher m = KEPT_SUFFIX.matcher(name);
        return m.matches() ? m.group(1) + "-float" + (Integer.parseInt(m.group(2)) + 1) : name + "-float1";
    }
}
