package dev.lathe.engine.recipe;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.lathe.engine.quantize.QuantizeSpec;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a recipe back as YAML with every default spelled out, in the layout of docs/recipes.md. What it writes
 * parses to an equal recipe, so a recipe saved from the GUI runs unchanged from the CLI.
 */
public final class RecipeWriter {

    public String toYaml(Recipe recipe) {
        StringBuilder y = new StringBuilder();
        y.append("lathe: ").append(recipe.version()).append('\n');
        y.append("name: ").append(quoted(recipe.name())).append('\n');
        y.append("seed: ").append(recipe.seed()).append('\n');
        y.append("steps:\n");
        for (RecipeStep step : recipe.steps()) {
            y.append("  - ").append(step.kind()).append(":\n");
            parameters(step).forEach((key, value) -> y.append("      ").append(key).append(": ")
                    .append(yamlValue(value)).append('\n'));
        }
        return y.toString();
    }

    /**
     * A step's full parameters, keyed and valued as a recipe writes them; this is also what a variant's provenance
     * records, so the two never disagree.
     */
    public static Map<String, Object> parameters(RecipeStep step) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (step instanceof RecipeStep.Convert c) {
            p.put("precision", c.precision().yamlName());
            return p;
        }
        QuantizeSpec s = ((RecipeStep.Quantize) step).spec();
        p.put("mode", s.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        p.put("per_channel", s.perChannel());
        p.put("activations", s.symmetricActivations() ? "symmetric" : "asymmetric");
        p.put("reduce_range", s.reduceRange());
        Map<String, Object> calibration = new LinkedHashMap<>();
        calibration.put("method", s.calibration().method().name().toLowerCase(Locale.ROOT));
        calibration.put("percentile", s.calibration().percentile());
        calibration.put("samples", s.calibration().samples());
        p.put("calibration", calibration);
        p.put("exclude", s.exclude());
        s.accuracyBudget().ifPresent(b -> p.put("accuracy_budget", b));
        return p;
    }

    /** Parameters on one line as a recipe would write them: {@code mode: static, calibration: { method: minmax, ... }}. */
    public static String inline(Map<String, Object> parameters) {
        return parameters.entrySet().stream().map(e -> e.getKey() + ": " + yamlValue(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String yamlValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + ": " + yamlValue(e.getValue()))
                    .collect(Collectors.joining(", ", "{ ", " }"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(RecipeWriter::yamlValue).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Double d) {
            // Plain notation: "1.0E-4" is a string to some YAML readers.
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (value instanceof String s) {
            return isPlainWord(s) ? s : quoted(s);
        }
        return String.valueOf(value);
    }

    // Enumerated words (static, fp16, weight-only) read best unquoted; anything else is quoted to stay a string.
    private static boolean isPlainWord(String s) {
        return s.matches("[a-z][a-z0-9-]*") && !List.of("true", "false", "yes", "no", "on", "off", "null").contains(s);
    }

    private static String quoted(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
