package dev.lathe.engine.recipe;

import com.fasterxml.jackson.core.JsonToken;
import dev.lathe.engine.parameter.ParameterException;
import dev.lathe.engine.recipe.YamlTree.Entry;
import dev.lathe.engine.recipe.YamlTree.ListNode;
import dev.lathe.engine.recipe.YamlTree.MapNode;
import dev.lathe.engine.recipe.YamlTree.Node;
import dev.lathe.engine.recipe.YamlTree.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One mapping of a recipe (the top level, a quantize step, its calibration) with typed reads that fail naming the
 * line, the key and what is allowed. The rules of a step's values live on its records; {@link #build} adds the line
 * of the key a record refuses.
 */
final class Section {
    private final String source;
    private final String name;
    private final MapNode map;
    /** The dotted keys above this mapping within a step, like {@code quantize.calibration.}; empty above a step. */
    private final String path;

    private Section(String source, String name, MapNode map, String path) {
        this.source = source;
        this.name = name;
        this.map = map;
        this.path = path;
    }

    static Section of(String source, String name, Node node, String expected) throws RecipeException {
        return of(source, name, node, expected, "");
    }

    private static Section of(String source, String name, Node node, String expected, String path)
            throws RecipeException {
        if (!(node instanceof MapNode m)) {
            throw fail(source, node.line(), name + " must be " + expected);
        }
        return new Section(source, name, m, path);
    }

    /**
     * A record made from this mapping's values; a rule the record refuses ({@link ParameterException}) fails at the
     * line of the key it names, or of this mapping when the key was left to its default.
     */
    <T> T build(Supplier<T> record) throws RecipeException {
        try {
            return record.get();
        } catch (ParameterException e) {
            throw fail(e);
        }
    }

    private RecipeException fail(ParameterException e) {
        int line = map.line();
        MapNode at = map;
        for (String key : e.key().split("\\.")) {
            Entry found = at == null ? null : at.entries().get(key);
            if (found == null) {
                break;
            }
            line = found.keyLine();
            at = found.value() instanceof MapNode m ? m : null;
        }
        return fail(source, line, e.getMessage(), path + e.key());
    }

    int line() {
        return map.line();
    }

    /** Refuses keys not in {@code allowed}, suggesting the closest one for a typo. */
    void onlyKeys(List<String> allowed) throws RecipeException {
        for (Entry e : map.entries().values()) {
            if (!allowed.contains(e.key())) {
                String hint = Suggestions.closest(e.key(), allowed).map(k -> "; did you mean '" + k + "'?").orElse(".");
                throw fail(e.keyLine(), "unknown key '" + abbreviated(e.key()) + "' in " + name + hint
                        + " Allowed: " + String.join(", ", allowed));
            }
        }
    }

    Optional<Entry> entry(String key) {
        return Optional.ofNullable(map.entries().get(key));
    }

    Entry required(String key, String what) throws RecipeException {
        return entry(key).orElseThrow(() -> fail(source, map.line(), name + " needs '" + key + "' (" + what + ")",
                path + key));
    }

    Section section(String key) throws RecipeException {
        Entry e = entry(key).orElseThrow();
        return of(source, key, e.value(), "a mapping, like " + key + ": { ... }", path + key + ".");
    }

    String string(Entry e) throws RecipeException {
        if (!(e.value() instanceof Scalar s) || s.isNull() || s.token() != JsonToken.VALUE_STRING) {
            throw fail(e, "'" + e.key() + "' must be text, not " + shown(e.value()));
        }
        return s.text();
    }

    boolean bool(String key, boolean fallback) throws RecipeException {
        Optional<Entry> found = entry(key);
        if (found.isEmpty()) {
            return fallback;
        }
        Entry e = found.get();
        if (e.value() instanceof Scalar s && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE)) {
            return s.token() == JsonToken.VALUE_TRUE;
        }
        throw fail(e, "'" + key + "' must be true or false, not " + shown(e.value()));
    }

    double number(Entry e) throws RecipeException {
        if (e.value() instanceof Scalar s
                && (s.token() == JsonToken.VALUE_NUMBER_INT || s.token() == JsonToken.VALUE_NUMBER_FLOAT)) {
            double value = finite(s.text());
            if (Double.isNaN(value)) {
                throw fail(e.keyLine(), "'" + e.key() + "' must be a finite number, not '" + abbreviated(s.text()) + "'");
            }
            return value;
        }
        throw fail(e, "'" + e.key() + "' must be a number, not " + shown(e.value()));
    }

    /** The number YAML wrote ({@code 1_000.5}, {@code 1e-3}), or NaN for {@code .inf}, {@code .nan} and overflows. */
    private static double finite(String text) {
        try {
            double value = Double.parseDouble(text.replace("_", ""));
            return Double.isFinite(value) ? value : Double.NaN;
        } catch (NumberFormatException notJavas) {
            return Double.NaN;
        }
    }

    long integer(Entry e) throws RecipeException {
        if (e.value() instanceof Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT) {
            try {
                return Long.parseLong(s.text().replace("_", ""));
            } catch (NumberFormatException tooBig) {
                throw fail(e, "'" + e.key() + "' is too large: " + abbreviated(s.text()));
            }
        }
        throw fail(e, "'" + e.key() + "' must be a whole number, not " + shown(e.value()));
    }

    /** One of {@code allowed}, as written in a recipe; a near miss gets a suggestion. */
    String choice(Entry e, List<String> allowed) throws RecipeException {
        String value = e.value() instanceof Scalar s && !s.isNull() ? s.text() : null;
        if (value != null && allowed.contains(value)) {
            return value;
        }
        String hint = value == null ? "" : Suggestions.closest(value, allowed).map(k -> " (did you mean '" + k + "'?)").orElse("");
        throw fail(e, "'" + e.key() + "' must be one of " + String.join(", ", allowed) + ", not "
                + shown(e.value()) + hint);
    }

    /** {@link #choice(Entry, List)} for an optional key, {@code fallback} when it is absent. */
    String choice(String key, List<String> allowed, String fallback) throws RecipeException {
        Optional<Entry> found = entry(key);
        return found.isPresent() ? choice(found.get(), allowed) : fallback;
    }

    /**
     * An optional whole number that fits an int (epochs, steps, a batch size), {@code fallback} when absent; how
     * many is enough is the rule of the record that holds it.
     */
    int count(String key, int fallback) throws RecipeException {
        Optional<Entry> found = entry(key);
        if (found.isEmpty()) {
            return fallback;
        }
        long n = integer(found.get());
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw fail(found.get(), "'" + key + "' is too large: " + n);
        }
        return (int) n;
    }

    List<Long> integers(Entry e) throws RecipeException {
        if (!(e.value() instanceof ListNode list)) {
            throw fail(e, "'" + e.key() + "' must be a list of whole numbers, like [128, 64], not "
                    + shown(e.value()));
        }
        List<Long> out = new ArrayList<>();
        for (Node item : list.items()) {
            if (!(item instanceof Scalar s) || s.token() != JsonToken.VALUE_NUMBER_INT) {
                throw fail(source, item.line(), "'" + e.key() + "' must list whole numbers only, not " + shown(item),
                        path + e.key());
            }
            try {
                out.add(Long.parseLong(s.text().replace("_", "")));
            } catch (NumberFormatException tooBig) {
                throw fail(source, item.line(), "'" + e.key() + "' lists a number too large: "
                        + abbreviated(s.text()), path + e.key());
            }
        }
        return out;
    }

    List<String> strings(Entry e) throws RecipeException {
        if (!(e.value() instanceof ListNode list)) {
            throw fail(e, "'" + e.key() + "' must be a list of text, like [\"/head/.*\", Softmax], not "
                    + shown(e.value()));
        }
        List<String> out = new ArrayList<>();
        for (Node item : list.items()) {
            if (!(item instanceof Scalar s) || s.token() != JsonToken.VALUE_STRING) {
                throw fail(source, item.line(), "'" + e.key() + "' must list text only, not " + shown(item),
                        path + e.key());
            }
            out.add(s.text());
        }
        return out;
    }

    RecipeException fail(int line, String problem) {
        return fail(source, line, problem);
    }

    /** A problem with the value of {@code e}, at its key's line and naming its key. */
    RecipeException fail(Entry e, String problem) {
        return fail(source, e.keyLine(), problem, path + e.key());
    }

    static RecipeException fail(String source, int line, String problem) {
        return fail(source, line, problem, null);
    }

    /**
     * "r.yaml line 7: problem"; for values that came from no file (line 0) "source: problem", or the problem alone
     * when the source is empty too.
     *
     * @param key the dotted key at fault, like {@code quantize.calibration.percentile}, or null for none
     */
    private static RecipeException fail(String source, int line, String problem, String key) {
        String message = line > 0 ? source + " line " + line + ": " + problem
                : source.isEmpty() ? problem : source + ": " + problem;
        return new RecipeException(message, Optional.ofNullable(key));
    }

    /** At most 60 characters of a user's text, so a message stays a line. */
    static String abbreviated(String text) {
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    static String shown(Node node) {
        if (node instanceof Scalar s) {
            return s.isNull() ? "nothing" : "'" + abbreviated(s.text()) + "'";
        }
        return node instanceof ListNode ? "a list" : "a mapping";
    }
}
