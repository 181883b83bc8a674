package dev.lathe.engine.quantize;

import java.util.List;
import java.util.Optional;

/**
 * One quantization step with every parameter explicit (a recipe's defaults already filled in), so it can be stored
 * with the variant and replayed.
 *
 * @param perChannel      per-output-channel weight scales for Conv, Gemm and MatMul weights
 * @param symmetricActivations activations quantized symmetric (int8, zero point 0) instead of asymmetric (uint8)
 * @param reduceRange     7-bit weights, for CPUs whose int8 dot products can overflow
 * @param exclude         node-name regexes and/or op types left in float
 * @param accuracyBudget  largest top-1 drop accepted (a fraction, 0.005 = half a point); needs an evaluation dataset
 */
public record QuantizeSpec(Mode mode, boolean perChannel, boolean symmetricActivations, boolean reduceRange,
                           Calibration calibration, List<String> exclude, Optional<Double> accuracyBudget) {

    public enum Mode { DYNAMIC, STATIC, WEIGHT_ONLY }

    public enum CalibrationMethod { MINMAX, PERCENTILE, ENTROPY }

    /** How activation ranges are found for static quantization, over {@code samples} calibration examples. */
    public record Calibration(CalibrationMethod method, double percentile, int samples) {
        public static final Calibration DEFAULT = new Calibration(CalibrationMethod.PERCENTILE, 99.99, 300);
    }

    public QuantizeSpec {
        exclude = List.copyOf(exclude);
    }
}
