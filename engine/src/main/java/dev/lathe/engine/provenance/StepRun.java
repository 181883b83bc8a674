package dev.lathe.engine.provenance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a recipe step actually ran with, beside what the recipe asked: its parameters after every change the step made
 * on its own, facts it settled while running ({@code reduce_range: auto} per channel, the opset before and after,
 * the calibration examples drawn), those changes one by one, and the runtime that trained (PyTorch, DJL, threads).
 * Every part is empty in provenance stored before Lathe recorded it.
 *
 * @param parameters the step's parameters as it ran, keyed as a recipe writes them: the asked ones with each
 *                   change's {@link Change#parameter() parameter} set to its {@link Change#to() value}
 * @param resolved   what the step settled that is no recipe key, keyed in the recipe's snake case
 * @param changes    what Lathe changed on its own, in the order it did
 * @param runtime    versions and settings of the runtime that ran the step, beyond ONNX Runtime's
 */
public record StepRun(Map<String, Object> parameters, Map<String, Object> resolved, List<Change> changes,
                      Map<String, String> runtime) {
    public static final StepRun NONE = new StepRun(Map.of(), Map.of(), List.of(), Map.of());

    /**
     * One thing a step changed on its own: an opset raised, a fallback taken, a default resolved.
     *
     * @param kind      what happened, in snake case: {@code opset_raised}, {@code per_channel_off}, ...
     * @param parameter the recipe key it changed ({@code per_channel}, {@code calibration.samples}), or empty when it
     *                  changed the model rather than a parameter
     * @param from      the value before (the parameter's asked value, or what the model held)
     * @param to        the value after
     * @param why       one sentence a user can act on
     */
    public record Change(String kind, String parameter, Object from, Object to, String why) {
        public Change {
            parameter = parameter == null ? "" : parameter;
        }

        /** A change to the model, not to a parameter. */
        public static Change ofModel(String kind, Object from, Object to, String why) {
            return new Change(kind, "", from, to, why);
        }
    }

    public StepRun {
        parameters = frozen(parameters);
        resolved = frozen(resolved);
        changes = changes == null ? List.of() : List.copyOf(changes);
        runtime = runtime == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(runtime));
    }

    /** What a step settled and changed; its parameters are filled in by {@link #withParameters}. */
    public static StepRun of(Map<String, Object> resolved, List<Change> changes) {
        return new StepRun(Map.of(), resolved, changes, Map.of());
    }

    /** A step that changed nothing on its own but ran on this runtime. */
    public static StepRun ofRuntime(Map<String, String> runtime) {
        return new StepRun(Map.of(), Map.of(), List.of(), runtime);
    }

    /** Nothing recorded: provenance from before Lathe recorded what ran, or a step that has nothing to say. */
    public boolean nothingRecorded() {
        return parameters.isEmpty() && resolved.isEmpty() && changes.isEmpty() && runtime.isEmpty();
    }

    /** This run with the asked parameters, each change of a parameter applied ({@code a.b} is key b inside a). */
    public StepRun withParameters(Map<String, Object> asked) {
        Map<String, Object> ran = deepCopy(asked);
        for (Change c : changes) {
            if (!c.parameter().isEmpty()) {
                set(ran, c.parameter().split("\\."), c.to());
            }
        }
        return new StepRun(ran, resolved, changes, runtime);
    }

    /** The same, with more runtime facts. */
    public StepRun withRuntime(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(runtime);
        all.putAll(more);
        return new StepRun(parameters, resolved, changes, all);
    }

    /** The same, with one more change and fact (a later stage of the step, such as an accuracy budget's search). */
    public StepRun with(Change change, String key, Object fact) {
        List<Change> all = new ArrayList<>(changes);
        all.add(change);
        Map<String, Object> facts = new LinkedHashMap<>(resolved);
        facts.put(key, fact);
        return new StepRun(parameters, facts, all, runtime);
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> map, String[] path, Object value) {
        Map<String, Object> at = map;
        for (int i = 0; i < path.length - 1; i++) {
            Object inner = at.get(path[i]);
            if (!(inner instanceof Map)) {
                inner = new LinkedHashMap<String, Object>();
                at.put(path[i], inner);
            }
            at = (Map<String, Object>) inner;
        }
        at.put(path[path.length - 1], value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : v));
        return copy;
    }

    private static Map<String, Object> frozen(Map<String, Object> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(deepCopy(map));
    }
}
