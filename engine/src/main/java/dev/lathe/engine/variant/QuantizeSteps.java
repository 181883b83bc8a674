package dev.lathe.engine.variant;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.quantize.AccuracyAwareQuantizer;
import dev.lathe.engine.quantize.CalibrationData;
import dev.lathe.engine.quantize.HalfPrecision;
import dev.lathe.engine.quantize.LayerError;
import dev.lathe.engine.quantize.LayerErrors;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.quantize.QuantizedModel;
import dev.lathe.engine.quantize.Quantizer;
import dev.lathe.engine.recipe.Precision;
import dev.lathe.engine.runtime.Runtimes;
import java.util.List;
import java.util.Optional;

/**
 * Recipe steps carried out by the engine's quantize package. Runtimes start on first use, so app start-up does not
 * pay for ONNX Runtime.
 */
public final class QuantizeSteps implements QuantizeStepRunner {
    private final Runtimes runtimes;
    private final Quantizer quantizer;
    private final HalfPrecision halfPrecision;

    /** @param runtimes where calibration and checks load models: a worker process, so a crash costs only the step */
    public QuantizeSteps(Runtimes runtimes) {
        this.runtimes = runtimes;
        this.quantizer = new Quantizer(runtimes);
        this.halfPrecision = new HalfPrecision(runtimes);
    }

    @Override
    public QuantizedModel quantize(OnnxModel model, QuantizeSpec spec, Optional<CalibrationData> calibration,
                                   Progress progress) throws LatheException {
        return quantizer.quantize(model, spec, calibration, progress);
    }

    @Override
    public AccuracyAwareQuantizer.Result quantizeWithinBudget(OnnxModel model, QuantizeSpec spec,
            CalibrationData calibration, AccuracyAwareQuantizer.AccuracyProbe probe, Progress progress)
            throws LatheException {
        Optional<CalibrationData> ranges = spec.mode() == QuantizeSpec.Mode.STATIC ? Optional.of(calibration) : Optional.empty();
        return new AccuracyAwareQuantizer(quantizer).quantize(model, spec, ranges, calibration, probe, progress);
    }

    @Override
    public QuantizedModel convert(OnnxModel model, Precision precision, Progress progress) throws LatheException {
        progress.report(0, -1, "Converting to " + precision.yamlName());
        return halfPrecision.convert(model, HalfPrecision.Precision.valueOf(precision.name()));
    }

    /** At most this many calibration examples: enough for a stable ranking, and each one runs both models. */
    static final int LAYER_ERROR_EXAMPLES = 128;

    @Override
    public List<LayerError> layerErrors(OnnxModel model, QuantizedModel variant, CalibrationData data,
                                        Progress progress) throws LatheException {
        return LayerErrors.measure(runtimes, model, variant, data, LAYER_ERROR_EXAMPLES, progress);
    }
}
