package dev.lathe.engine.recipe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into nodes that remember their line, so that validation can say "line 7" rather than just
 * "somewhere". Jackson's own tree drops locations, hence this small reader over its streaming parser.
 */
final class YamlTree {
    private static final YAMLFactory YAML = new YAMLFactory();

    sealed interface Node {
        int line();
    }

    /** A key's value, with the line of the key itself (where a user looks for a typo). */
    record Entry(String key, int keyLine, Node value) {
    }

    record MapNode(int line, Map<String, Entry> entries) implements Node {
    }

    record ListNode(int line, List<Node> items) implements Node {
    }

    /** A scalar; {@code token} tells a YAML number or boolean from a string, so quoted "true" stays a string. */
    record Scalar(int line, JsonToken token, String text) implements Node {
        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }
    }

    private YamlTree() {
    }

    /** The document's root, or a RecipeException naming the line where the YAML itself is broken. */
    static Node read(String source, String text) throws RecipeException {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new RecipeException(source + ": is empty; a recipe starts with 'lathe: 1'");
            }
            Node root = node(source, parser, 1);
            if (parser.nextToken() != null) {
                throw new RecipeException(source + " line " + parser.currentTokenLocation().getLineNr() + ": a second "
                        + "YAML document starts here (after '---'); a recipe is one document: remove it, or put it in a "
                        + "file of its own");
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new RecipeException(source + " line " + line + ": not valid YAML: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new RecipeException(source + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Plain values as a tree, the way a recipe file would give them: maps (text keys), lists, text, whole and
     * decimal numbers, booleans and null. Nodes made so have no line (0), so messages about them name none.
     */
    static Node of(Object value) {
        if (value instanceof Typed typed) {
            return typed(typed.text());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            map.forEach((k, v) -> entries.put(String.valueOf(k), new Entry(String.valueOf(k), 0, of(v))));
            return new MapNode(0, entries);
        }
        if (value instanceof List<?> list) {
            return new ListNode(0, list.stream().map(YamlTree::of).toList());
        }
        if (value == null) {
            return new Scalar(0, JsonToken.VALUE_NULL, "");
        }
        if (value instanceof Boolean b) {
            return new Scalar(0, b ? JsonToken.VALUE_TRUE : JsonToken.VALUE_FALSE, b.toString());
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return new Scalar(0, JsonToken.VALUE_NUMBER_INT, value.toString());
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d)
                    ? new Scalar(0, JsonToken.VALUE_NUMBER_FLOAT, BigDecimal.valueOf(d).toPlainString())
                    : new Scalar(0, JsonToken.VALUE_STRING, n.toString());
        }
        return new Scalar(0, JsonToken.VALUE_STRING, value.toString());
    }

    /** The text read as the same text after a key in a file is: one scalar, or else the text itself. */
    private static Node typed(String text) {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token != null && token.isScalarValue()) {
                String read = token == JsonToken.VALUE_NULL ? "" : parser.getText();
                if (parser.nextToken() == null) {
                    return new Scalar(0, token, read);
                }
            }
        } catch (IOException notOneScalar) {
            // "[1" or "a: b" typed into a field is that text, not the start of a list or a mapping
        }
        return new Scalar(0, JsonToken.VALUE_STRING, text);
    }

    private static Node node(String source, JsonParser parser, int depth) throws IOException, RecipeException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        if (depth > Recipe.MAX_NESTING && (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)) {
            throw new RecipeException(source + " line " + line + ": mappings and lists nest more than "
                    + Recipe.MAX_NESTING + " deep here; a recipe needs at most 7 levels");
        }
        if (token == JsonToken.START_OBJECT) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = parser.currentTokenLocation().getLineNr();
                if (entries.containsKey(key)) {
                    throw new RecipeException(source + " line " + keyLine + ": '" + Section.abbreviated(key) + "' is given twice (first on line "
                            + entries.get(key).keyLine() + "); keep one");
                }
                parser.nextToken();
                entries.put(key, new Entry(key, keyLine, node(source, parser, depth + 1)));
            }
            return new MapNode(line, entries);
        }
        if (token == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(node(source, parser, depth + 1));
            }
            return new ListNode(line, items);
        }
        return new Scalar(line, token, token == JsonToken.VALUE_NULL ? "" : text(parser, token));
    }

    /** A scalar's text; whole numbers as their value, since YAML also writes them 0x1F, 0b101 or 017 (octal). */
    private static String text(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            try {
                return parser.getBigIntegerValue().toString();
            } catch (JsonProcessingException | NumberFormatException unreadable) {
                return parser.getText();
            }
        }
        return parser.getText();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
