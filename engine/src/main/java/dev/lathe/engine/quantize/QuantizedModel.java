package dev.lathe.engine.quantize;

import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.provenance.StepRun;
import java.util.List;

/**
 * What a quantization (or precision conversion) produced: the new model, which nodes it changed, which it left in
 * float and why, warnings a user should see (an exclude pattern that matched nothing, say), and what it ran with
 * where that differs from what was asked (see {@link StepRun}).
 */
public record QuantizedModel(OnnxModel model, List<String> quantizedNodes, List<FloatNode> floatNodes,
                             List<String> warnings, StepRun ran) {

    /** A result that settled and changed nothing on its own. */
    public QuantizedModel(OnnxModel model, List<String> quantizedNodes, List<FloatNode> floatNodes,
                          List<String> warnings) {
        this(model, quantizedNodes, floatNodes, warnings, StepRun.NONE);
    }

    /** A node left in float, with the reason ("excluded by /head/.*", "op Softmax is kept in float", ...). */
    public record FloatNode(String name, String op, String reason) {
    }

    public QuantizedModel {
        quantizedNodes = List.copyOf(quantizedNodes);
        floatNodes = List.copyOf(floatNodes);
        warnings = List.copyOf(warnings);
        ran = ran == null ? StepRun.NONE : ran;
    }
}
