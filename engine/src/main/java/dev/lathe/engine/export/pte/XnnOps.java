package dev.lathe.engine.export.pte;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The ONNX ops the XNNPACK delegate claims, by family. */
final class XnnOps {
    private static final Map<String, XnnOp> OPS = new TreeMap<>();

    static {
        XnnConvOps.register(OPS);
        XnnPointwiseOps.register(OPS);
        XnnShapeOps.register(OPS);
    }

    private XnnOps() {
    }

    static Optional<XnnOp> op(String opType) {
        return Optional.ofNullable(OPS.get(opType));
    }

    static Set<String> supported() {
        return new TreeSet<>(OPS.keySet());
    }
}
