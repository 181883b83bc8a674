package dev.lathe.engine.export.torchscript;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The ONNX operators written as TorchScript. */
public final class TorchOps {
    private static final Map<String, Lowering> LOWERINGS = new HashMap<>();

    static {
        WindowOps.register(LOWERINGS);
        MathOps.register(LOWERINGS);
        ShapeOps.register(LOWERINGS);
    }

    private TorchOps() {
    }

    static Optional<Lowering> lowering(String opType) {
        return Optional.ofNullable(LOWERINGS.get(opType));
    }

    /** Every supported ONNX op type, Constant and ConstantOfShape (of a constant shape) included. */
    public static Set<String> supported() {
        Set<String> all = new TreeSet<>(LOWERINGS.keySet());
        all.add("Constant");
        all.add("ConstantOfShape");
        return all;
    }
}
