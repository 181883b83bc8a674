package dev.lathe.engine.train;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** A node's attributes by name, with the defaults the ONNX operator specification gives. */
final class NodeAttributes {
    private final Map<String, AttributeProto> byName = new HashMap<>();

    NodeAttributes(NodeProto node) {
        node.getAttributeList().forEach(a -> byName.put(a.getName(), a));
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    long integer(String name, long fallback) {
        AttributeProto a = byName.get(name);
        return a == null ? fallback : a.getI();
    }

    float real(String name, float fallback) {
        AttributeProto a = byName.get(name);
        return a == null ? fallback : a.getF();
    }

    String text(String name, String fallback) {
        AttributeProto a = byName.get(name);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    /** An INTS attribute, or {@code count} copies of {@code fallback} when absent. */
    long[] integers(String name, int count, long fallback) {
        AttributeProto a = byName.get(name);
        if (a != null) {
            return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
        }
        long[] values = new long[count];
        Arrays.fill(values, fallback);
        return values;
    }

    AttributeProto get(String name) {
        return byName.get(name);
    }
}
