package dev.lathe.views.support;

import dev.lathe.engine.LatheException;
import dev.lathe.engine.Progress;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.quantize.AccuracyAwareQuantizer;
import dev.lathe.engine.quantize.CalibrationData;
import dev.lathe.engine.quantize.HalfPrecision;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.quantize.QuantizedModel;
import dev.lathe.engine.quantize.Quantizer;
import dev.lathe.engine.recipe.Precision;
import dev.lathe.engine.variant.QuantizeStepRunner;
import java.nio.file.Path;
import java.util.Optional;

/** Recipe steps carried out by the engine's real quantizer and half-precision converter, as the app wires them. */
final class TestSteps implements QuantizeStepRunner {
    private final Quantizer quantizer;
    private final HalfPrecision half;

    TestSteps(Path cacheDir) {
        quantizer = new Quantizer(cacheDir);
        half = new HalfPrecision(cacheDir);
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
        return half.convert(model, HalfPrecision.Precision.valueOf(precision.name()));
    }
}
