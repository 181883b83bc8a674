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
                throw fail(e.keyLine(), "unknown key '" + e.key() + "' in " + name + hint
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
            return Double.parseDouble(s.text().replace("_", ""));
        }
        throw fail(e.keyLine(), "'" + e.key() + "' must be a number, not " + shown(e.value()));
    }

    long integer(Entry e) throws RecipeException {
        if (e.value() instanceof Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT) {
            try {
                return Long.parseLong(s.text().replace("_", ""));
            } catch (NumberFormatException tooBig) {
                throw fail(e.keyLine(), "'" + e.key() + "' is too large: " + s.text());
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
        Optional<Entry> found = entry(key);
        if (found.isEmpty()) {
            return fallback;
        }
        long n = integer(found.get());
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw fail(found.get().keyLine(), "'" + key + "' must be a whole number, 1 or more, not " + n);
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
            out.add(Long.parseLong(s.text().replace("_", "")));
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

    static String shown(Node node) {
        if (node instanceof Scalar s) {
            return s.isNull() ? "nothing" : "'" + s.text() + "'";
        }
        return node instanceof ListNode ? "a list" : "a mapping";
    }
}
