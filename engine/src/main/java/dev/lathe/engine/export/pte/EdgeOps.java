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
        LOWERINGS.put("Resize", ResizeLowering::lower);
    }

    private EdgeOps() {
    }

    static Optional<NodeLowering> lowering(String opType) {
        return Optional.ofNullable(LOWERINGS.get(opType));
    }

    /** Every supported ONNX op type, plus Constant (folded into the constant segment). */
    public static Set<String> supported() {
        Set<String> all = new TreeSet<>(LOWERINGS.keySet());
        all.add("Constant");
        all.addAll(ConstantFolding.FOLD_ONLY.stream().map(op -> op + " (of constants)").toList());
        return all;
    }
}
