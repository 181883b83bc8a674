package dev.lathe.engine.export.pte;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Optional;

/** A node's attributes with ONNX's defaults made explicit at the call site. */
final class Attributes {
    private final NodeProto node;

    Attributes(NodeProto node) {
        this.node = node;
    }

    private Optional<AttributeProto> find(String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst();
    }

    long integer(String name, long fallback) {
        return find(name).map(AttributeProto::getI).orElse(fallback);
    }

    float real(String name, float fallback) {
        return find(name).map(AttributeProto::getF).orElse(fallback);
    }

    String text(String name, String fallback) {
        return find(name).map(a -> a.getS().toStringUtf8()).orElse(fallback);
    }

    Optional<long[]> ints(String name) {
        return find(name).map(a -> a.getIntsList().stream().mapToLong(Long::longValue).toArray());
    }

    long[] ints(String name, long[] fallback) {
        return ints(name).orElse(fallback);
    }

    boolean has(String name) {
        return find(name).isPresent();
    }
}
