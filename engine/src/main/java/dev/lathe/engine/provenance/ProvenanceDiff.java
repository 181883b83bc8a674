package dev.lathe.engine.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.files.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where two provenance records differ, field by field, as their JSON names the fields
 * ({@code parameters.calibration.percentile}, {@code ran.changes[0].to}). When each was made is kept apart: two runs
 * of one recipe always differ there, so it alone does not make them different.
 */
public final class ProvenanceDiff {
    /** The field that says when a variant was made. */
    public static final String CREATED_AT = "createdAtEpochMillis";
    /** How a field that one record has and the other lacks shows. */
    public static final String ABSENT = "(absent)";

    /** One field that differs: its path, and its value in A and in B. */
    public record Difference(String path, String a, String b) {
    }

    /** The differing fields in the order the records list them, and whether the two were made at the same moment. */
    public record Result(List<Difference> differences, long createdA, long createdB) {
        public Result {
            differences = List.copyOf(differences);
        }

        /** Nothing differs but, perhaps, when each was made. */
        public boolean identical() {
            return differences.isEmpty();
        }
    }

    private ProvenanceDiff() {
    }

    public static Result between(Provenance a, Provenance b) {
        Map<String, String> left = flatten(Json.mapper().valueToTree(a));
        Map<String, String> right = flatten(Json.mapper().valueToTree(b));
        Set<String> paths = new LinkedHashSet<>(left.keySet());
        paths.addAll(right.keySet());
        List<Difference> out = new ArrayList<>();
        for (String path : paths) {
            String x = left.getOrDefault(path, ABSENT);
            String y = right.getOrDefault(path, ABSENT);
            if (!path.equals(CREATED_AT) && !x.equals(y)) {
                out.add(new Difference(path, x, y));
            }
        }
        return new Result(out, a.createdAtEpochMillis(), b.createdAtEpochMillis());
    }

    /** Every leaf by its path; an empty list or object is a leaf of its own, so that one differs from a missing one. */
    private static Map<String, String> flatten(JsonNode root) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", root, out);
        return out;
    }

    private static void flatten(String path, JsonNode node, Map<String, String> out) {
        if (node.isObject() && !node.isEmpty()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                flatten(path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue(), out);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), out);
            }
        } else {
            out.put(path, node.isValueNode() && !node.isNull() ? node.asText() : node.toString());
        }
    }
}
