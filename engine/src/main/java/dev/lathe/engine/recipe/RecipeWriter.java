package dev.lathe.engine.recipe;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.lathe.engine.distill.DistillSpec;
import dev.lathe.engine.prune.PruneSchedule;
import dev.lathe.engine.prune.PruneSpec;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.train.FinetuneSpec;
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
        StringBuilder y = header(recipe.version(), recipe.name(), recipe.seed());
        for (RecipeStep step : recipe.steps()) {
            step(y, step.kind(), parameters(step));
        }
        return y.toString();
    }

    /**
     * A recipe of one step given as a provenance records it (its kind and parameters keyed as a recipe writes them),
     * to parse and run again.
     */
    public static String oneStep(String name, long seed, String kind, Map<String, Object> parameters) {
        StringBuilder y = header(Recipe.VERSION, name, seed);
        step(y, kind, parameters);
        return y.toString();
    }

    private static StringBuilder header(int version, String name, long seed) {
        return new StringBuilder().append("lathe: ").append(version).append('\n')
                .append("name: ").append(quoted(name)).append('\n')
                .append("seed: ").append(seed).append('\n')
                .append("steps:\n");
    }

    private static void step(StringBuilder y, String kind, Map<String, Object> parameters) {
        y.append("  - ").append(kind).append(":\n");
        parameters.forEach((key, value) -> y.append("      ").append(key).append(": ").append(yamlValue(value))
                .append('\n'));
    }

    /**
     * A step's full parameters, keyed and valued as a recipe writes them; this is also what a variant's provenance
     * records, so the two never disagree.
     */
    public static Map<String, Object> parameters(RecipeStep step) {
        if (step instanceof RecipeStep.Convert c) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("precision", c.precision().yamlName());
            return p;
        }
        if (step instanceof RecipeStep.Prune p) {
            Map<String, Object> prune = prune(p.spec());
            p.examplesPerCut().ifPresent(n -> prune.put("examples", n));
            prune.put("lr", p.learningRate());
            return prune;
        }
        if (step instanceof RecipeStep.Finetune f) {
            return finetune(f.spec());
        }
        if (step instanceof RecipeStep.Distill d) {
            Map<String, Object> distill = distill(d.spec());
            d.examples().ifPresent(n -> distill.put("examples", n));
            return distill;
        }
        return quantize(((RecipeStep.Quantize) step).spec());
    }

    private static Map<String, Object> quantize(QuantizeSpec s) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mode", s.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        p.put("per_channel", s.perChannel());
        p.put("activations", s.symmetricActivations() ? "symmetric" : "asymmetric");
        p.put("reduce_range", s.reduceRange() == QuantizeSpec.ReduceRange.AUTO ? s.reduceRange().yaml()
                : (Object) (s.reduceRange() == QuantizeSpec.ReduceRange.ON));
        Map<String, Object> calibration = new LinkedHashMap<>();
        calibration.put("method", s.calibration().method().name().toLowerCase(Locale.ROOT));
        calibration.put("percentile", s.calibration().percentile());
        calibration.put("samples", s.calibration().samples());
        p.put("calibration", calibration);
        p.put("exclude", s.exclude());
        s.accuracyBudget().ifPresent(b -> p.put("accuracy_budget", b));
        return p;
    }

    private static Map<String, Object> prune(PruneSpec s) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("method", s.method() == PruneSpec.Method.L1 ? "magnitude" : "l2");
        p.put("structure", word(s.structure()));
        p.put("sparsity", s.sparsity());
        p.put("scope", word(s.scope()));
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("kind", s.schedule().kind() == PruneSchedule.Kind.ONE_SHOT ? "oneshot" : "gradual");
        schedule.put("start", s.schedule().start());
        schedule.put("steps", s.schedule().steps());
        schedule.put("power", s.schedule().power());
        p.put("schedule", schedule);
        p.put("exclude", s.exclude());
        return p;
    }

    private static Map<String, Object> finetune(FinetuneSpec s) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("epochs", s.epochs());
        p.put("lr", s.learningRate());
        p.put("batch", s.batch());
        p.put("optimizer", word(s.optimizer()));
        p.put("seed", s.seed());
        s.examples().ifPresent(n -> p.put("examples", n));
        return p;
    }

    private static Map<String, Object> distill(DistillSpec s) {
        Map<String, Object> p = new LinkedHashMap<>();
        Map<String, Object> student = new LinkedHashMap<>();
        if (s.student() instanceof DistillSpec.Narrower n) {
            student.put("width", n.width());
        } else {
            DistillSpec.Family f = (DistillSpec.Family) s.student();
            student.put("family", word(f.family()));
            student.put("layers", f.layers());
        }
        p.put("student", student);
        p.put("temperature", s.temperature());
        p.put("alpha", s.alpha());
        p.put("epochs", s.epochs());
        p.put("seed", s.seed());
        return p;
    }

    /** An enum constant as a recipe spells it: {@code PER_LAYER} is {@code per_layer}. */
    private static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
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
        return s.matches("[a-z][a-z0-9_-]*") && !List.of("true", "false", "yes", "no", "on", "off", "null").contains(s);
    }

    private static String quoted(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
