package dev.lathe.engine.store;

import dev.lathe.engine.quantize.QuantizedModel;
import java.util.List;

/** What a recipe step changed in its model: the nodes it quantized, those it left in float and why, its warnings. */
public record VariantReport(List<String> quantizedNodes, List<QuantizedModel.FloatNode> floatNodes, List<String> warnings) {
    public VariantReport {
        quantizedNodes = List.copyOf(quantizedNodes);
        floatNodes = List.copyOf(floatNodes);
        warnings = List.copyOf(warnings);
    }

    public static VariantReport of(QuantizedModel made) {
        return new VariantReport(made.quantizedNodes(), made.floatNodes(), made.warnings());
    }
}
