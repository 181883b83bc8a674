package dev.lathe.engine.recipe;

import com.fasterxml.jackson.core.JsonToken;
import dev.lathe.engine.recipe.YamlTree.Entry;
import dev.lathe.engine.recipe.YamlTree.ListNode;
import dev.lathe.engine.recipe.YamlTree.MapNode;
import dev.lathe.engine.recipe.YamlTree.Node;
import dev.lathe.engine.recipe.YamlTree.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One mapping of a recipe (the top level, a quantize step, its calibration) with typed reads that fail naming the
 * line, the key and what is allowed. All of a recipe's validation messages are made here.
 */
final class Section {
    private final String source;
    private final String name;
    private final MapNode map;

    private Section(String source, String name, MapNode map) {
        this.source = source;
        this.name = name;
        this.map = map;
    }

    static Section of(String source, String name, Node node, String expected) throws RecipeException {
        if (!(node instanceof MapNode m)) {
            throw fail(source, node.line(), name + " must be " + expected);
        }
        return new Section(source, name, m);
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
        return entry(key).orElseThrow(() -> fail(map.line(), name + " needs '" + key + "' (" + what + ")"));
    }

    Section section(String key) throws RecipeException {
        Entry e = entry(key).orElseThrow();
        return of(source, key, e.value(), "a mapping, like " + key + ": { ... }");
    }

    String string(Entry e) throws RecipeException {
        if (!(e.value() instanceof Scalar s) || s.isNull() || s.token() != JsonToken.VALUE_STRING) {
            throw fail(e.keyLine(), "'" + e.key() + "' must be text, not " + shown(e.value()));
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
        throw fail(e.keyLine(), "'" + key + "' must be true or false, not " + shown(e.value()));
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
        throw fail(e.keyLine(), "'" + e.key() + "' must be a number, not " + shown(e.value()));
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
                throw fail(e.keyLine(), "'" + e.key() + "' is too large: " + abbreviated(s.text()));
            }
        }
        throw fail(e.keyLine(), "'" + e.key() + "' must be a whole number, not " + shown(e.value()));
    }

    /** One of {@code allowed}, as written in a recipe; a near miss gets a suggestion. */
    String choice(Entry e, List<String> allowed) throws RecipeException {
        String value = e.value() instanceof Scalar s && !s.isNull() ? s.text() : null;
        if (value != null && allowed.contains(value)) {
            return value;
        }
        String hint = value == null ? "" : Suggestions.closest(value, allowed).map(k -> " (did you mean '" + k + "'?)").orElse("");
        throw fail(e.keyLine(), "'" + e.key() + "' must be one of " + String.join(", ", allowed) + ", not "
                + shown(e.value()) + hint);
    }

    /** {@link #choice(Entry, List)} for an optional key, {@code fallback} when it is absent. */
    String choice(String key, List<String> allowed, String fallback) throws RecipeException {
        Optional<Entry> found = entry(key);
        return found.isPresent() ? choice(found.get(), allowed) : fallback;
    }

    /** An optional whole number of 1 or more (epochs, steps, a batch size), {@code fallback} when absent. */
    int count(String key, int fallback) throws RecipeException {
        return count(key, fallback, Integer.MAX_VALUE);
    }

    /** {@link #count(String, int)} with an upper bound, named in the message. */
    int count(String key, int fallback, int max) throws RecipeException {
        Optional<Entry> found = entry(key);
        if (found.isEmpty()) {
            return fallback;
        }
        long n = integer(found.get());
        if (n < 1 || n > max) {
            throw fail(found.get().keyLine(), "'" + key + "' must be a whole number from 1 to "
                    + String.format(java.util.Locale.ROOT, "%,d", max) + ", not " + n);
        }
        return (int) n;
    }

    List<Long> integers(Entry e) throws RecipeException {
        if (!(e.value() instanceof ListNode list)) {
            throw fail(e.keyLine(), "'" + e.key() + "' must be a list of whole numbers, like [128, 64], not "
                    + shown(e.value()));
        }
        List<Long> out = new ArrayList<>();
        for (Node item : list.items()) {
            if (!(item instanceof Scalar s) || s.token() != JsonToken.VALUE_NUMBER_INT) {
                throw fail(item.line(), "'" + e.key() + "' must list whole numbers only, not " + shown(item));
            }
            try {
                out.add(Long.parseLong(s.text().replace("_", "")));
            } catch (NumberFormatException tooBig) {
                throw fail(item.line(), "'" + e.key() + "' lists a number too large: " + abbreviated(s.text()));
            }
        }
        return out;
    }

    List<String> strings(Entry e) throws RecipeException {
        if (!(e.value() instanceof ListNode list)) {
            throw fail(e.keyLine(), "'" + e.key() + "' must be a list of text, like [\"/head/.*\", Softmax], not "
                    + shown(e.value()));
        }
        List<String> out = new ArrayList<>();
        for (Node item : list.items()) {
            if (!(item instanceof Scalar s) || s.token() != JsonToken.VALUE_STRING) {
                throw fail(item.line(), "'" + e.key() + "' must list text only, not " + shown(item));
            }
            out.add(s.text());
        }
        return out;
    }

    RecipeException fail(int line, String problem) {
        return fail(source, line, problem);
    }

    /**
     * "r.yaml line 7: problem"; for values that came from no file (line 0) "source: problem", or the problem alone
     * when the source is empty too.
     */
    static RecipeException fail(String source, int line, String problem) {
        if (line > 0) {
            return new RecipeException(source + " line " + line + ": " + problem);
        }
        return new RecipeException(source.isEmpty() ? problem : source + ": " + problem);
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
