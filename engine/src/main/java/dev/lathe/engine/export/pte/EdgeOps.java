package dev.lathe.engine.export.pte;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The ONNX operators this exporter lowers onto ExecuTorch's portable kernels. */
public final class EdgeOps {
    private static final Map<String, NodeLowering> LOWERINGS = new HashMap<>();

    static {
        ConvLowerings.register(LOWERINGS);
        LinearLowerings.register(LOWERINGS);
        ElementwiseLowerings.register(LOWERINGS);
        ShapeLowerings.register(LOWERINGS);
        IndexLowerings.register(LOWERINGS);
        QuantLowerings.register(LOWERINGS);
        DynamicQuantLowerings.register(LOWERINGS);
        LOWERINGS.put("Resize", ResizeLowering::lower);
    }

    private EdgeOps() {
    }

    static Optional<NodeLowering> lowering(String opType) {
        return Optional.ofNullable(LOWERINGS.get(opType));
    }

    /** The node's lowering, for ONNX's own ops and the com.microsoft ops of ONNX Runtime's dynamic quantization. */
    static Optional<NodeLowering> lowering(ai.onnx.proto.OnnxMl.NodeProto node) {
        String domain = node.getDomain();
        boolean known = domain.isEmpty() || domain.equals("ai.onnx")
                || domain.equals("com.microsoft") && DynamicQuantLowerings.MICROSOFT_OPS.contains(node.getOpType());
        return known ? lowering(node.getOpType()) : Optional.empty();
    }

    /** Every supported ONNX op type, plus Constant (folded into the constant segment). */
    public static Set<String> supported() {
        Set<String> all = new TreeSet<>(LOWERINGS.keySet());
        all.add("Constant");
        all.addAll(ConstantFolding.FOLD_ONLY.stream().map(op -> op + " (of constants)").toList());
        return all;
    }
}
