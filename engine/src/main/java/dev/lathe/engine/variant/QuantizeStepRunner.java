package dev.lathe.engine.variant;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.quantize.AccuracyAwareQuantizer;
import dev.lathe.engine.quantize.CalibrationData;
import dev.lathe.engine.quantize.LayerError;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.quantize.QuantizedModel;
import dev.lathe.engine.recipe.Precision;
import java.util.List;
import java.util.Optional;

/**
 * What carries out a recipe's steps on a model. The app wires it to the quantize package; keeping it an interface
 * lets the recipe runner be built and tested apart from any one quantizer.
 */
public interface QuantizeStepRunner {

    QuantizedModel quantize(OnnxModel model, QuantizeSpec spec, Optional<CalibrationData> calibration, Progress progress)
            throws LatheException;

    /**
     * Accuracy-aware quantization: keeps the most sensitive layers (ranked on {@code calibration}) in float until the
     * top-1 that {@code probe} measures is within the spec's accuracy budget, or no layer is left to try.
     */
    AccuracyAwareQuantizer.Result quantizeWithinBudget(OnnxModel model, QuantizeSpec spec, CalibrationData calibration,
                                                       AccuracyAwareQuantizer.AccuracyProbe probe, Progress progress)
            throws LatheException;

    QuantizedModel convert(OnnxModel model, Precision precision, Progress progress) throws LatheException;

    /** Each quantized layer's output in {@code variant} against {@code model}'s on the same inputs, worst first. */
    List<LayerError> layerErrors(OnnxModel model, QuantizedModel variant, CalibrationData data, Progress progress)
            throws LatheException;
}
