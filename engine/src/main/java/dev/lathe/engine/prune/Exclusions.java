package dev.lathe.engine.prune;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The spec's exclude patterns, matched like quantization's: a pattern names an op type or matches a node's whole
 * name (for TorchScript, a module's kind or its whole path). Remembers which patterns matched, because a pattern that matches nothing is almost always a typo.
 */
final class Exclusions {
    private final Map<String, Pattern> patterns = new LinkedHashMap<>();
    private final Set<String> matched = new LinkedHashSet<>();

    Exclusions(List<String> exclude) {
        exclude.forEach(p -> patterns.put(p, Pattern.compile(p)));
    }

    boolean excludes(NodeProto node) {
        return excludes(displayName(node), node.getOpType());
    }

    /** For layers that are not ONNX nodes: a TorchScript module's path ({@code features.0}) and kind ({@code Conv2d}). */
    boolean excludes(String name, String opType) {
        boolean hit = false;
        for (Map.Entry<String, Pattern> e : patterns.entrySet()) {
            if (e.getKey().equals(opType) || e.getValue().matcher(name).matches()) {
                matched.add(e.getKey());
                hit = true;
            }
        }
        return hit;
    }

    List<String> warnings() {
        return patterns.keySet().stream().filter(p -> !matched.contains(p))
                .map(p -> "exclude pattern '" + p + "' matches no node name or op type; check it for a typo")
                .toList();
    }

    /** The node's own name, or for an unnamed node its op and first output, which ONNX keeps unique. */
    static String displayName(NodeProto node) {
        return node.getName().isEmpty() ? node.getOpType() + " → " + node.getOutput(0) : node.getName();
    }
}
