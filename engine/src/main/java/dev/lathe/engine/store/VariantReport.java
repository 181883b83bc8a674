package dev.lathe.engine.store;

import dev.lathe.engine.quantize.LayerError;
import dev.lathe.engine.quantize.QuantizedModel;
import java.util.List;
import java.util.Optional;

/**
 * What a recipe step changed in its model: the nodes it quantized, those it left in float and why, its warnings, and
 * how far each quantized layer's output strays from the float model's (worst first; empty when no calibration data
 * was given to measure it, and in reports stored before Lathe measured it), and for a step that trained, how the
 * training went (empty for other steps and in reports stored before Lathe trained).
 */
public record VariantReport(List<String> quantizedNodes, List<QuantizedModel.FloatNode> floatNodes, List<String> warnings,
                            List<LayerError> layerErrors, Optional<TrainingSummary> training,
                            Optional<PruningSummary> pruning) {
    public VariantReport {
        quantizedNodes = List.copyOf(quantizedNodes);
        floatNodes = List.copyOf(floatNodes);
        warnings = List.copyOf(warnings);
        layerErrors = layerErrors == null ? List.of() : List.copyOf(layerErrors);
        training = training == null ? Optional.empty() : training;
        pruning = pruning == null ? Optional.empty() : pruning;
    }

    public static VariantReport of(QuantizedModel made, List<LayerError> layerErrors) {
        return new VariantReport(made.quantizedNodes(), made.floatNodes(), made.warnings(), layerErrors, Optional.empty(),
                Optional.empty());
    }
}
