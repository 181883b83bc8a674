package dev.lathe.engine.quantize;

import dev.lathe.engine.parameter.ParameterException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One quantization step with every parameter explicit (a recipe's defaults already filled in), so it can be stored
 * with the variant and replayed.
 *
 * @param perChannel      per-output-channel weight scales for Conv, Gemm and MatMul weights
 * @param symmetricActivations activations quantized symmetric (int8, zero point 0) instead of asymmetric (uint8)
 * @param reduceRange     how far int8 weights reach; see {@link ReduceRange}
 * @param exclude         node-name regexes and/or op types left in float
 * @param accuracyBudget  largest top-1 drop accepted (a fraction, 0.005 = half a point); needs an evaluation dataset
 */
public record QuantizeSpec(Mode mode, boolean perChannel, boolean symmetricActivations, ReduceRange reduceRange,
                           Calibration calibration, List<String> exclude, Optional<Double> accuracyBudget) {

    public enum Mode { DYNAMIC, STATIC, WEIGHT_ONLY }

    public enum CalibrationMethod { MINMAX, PERCENTILE, ENTROPY }

    /**
     * How far int8 weights reach. x86 CPUs without VNNI (AVX2, AVX-512 without VNNI) multiply uint8 activations by
     * int8 weights with {@code vpmaddubsw}, which adds each pair of neighbouring products into a saturating 16-bit
     * lane: 255 × (w1 + w2) must stay within 32 767, so two same-sign weights may add up to 128 steps at most.
     * VNNI x86 and ARM accumulate in 32 bits and never saturate.
     */
    public enum ReduceRange {
        /**
         * Each channel's scale is chosen so that no two of its weights of the same sign add up past 128 steps: no
         * pair can saturate on any CPU, and the largest weight keeps 64 to 127 steps (a channel whose largest
         * weight stands alone keeps nearly 8 bits). The default.
         */
        AUTO("auto"),
        /** 7-bit weights, [-63, 63], as ONNX Runtime's {@code reduce_range}: safe everywhere, one bit less. */
        ON("true"),
        /** Full 8-bit weights, [-127, 127]: most resolution, but accuracy drops on x86 CPUs without VNNI. */
        OFF("false");

        private final String yaml;

        ReduceRange(String yaml) {
            this.yaml = yaml;
        }

        /** The value as a recipe writes it: {@code auto}, {@code true} or {@code false}. */
        public String yaml() {
            return yaml;
        }

        /** The value a recipe gives ({@code auto}, {@code true}, {@code false}), or empty for anything else. */
        public static Optional<ReduceRange> ofYaml(String value) {
            for (ReduceRange r : values()) {
                if (r.yaml.equals(value.toLowerCase(Locale.ROOT))) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * How activation ranges are found for static quantization, over {@code samples} calibration examples.
     *
     * @param percentile checked whatever the method, as a recipe writes it whatever the method: below the median a
     *                   percentile would clip most activations
     */
    public record Calibration(CalibrationMethod method, double percentile, int samples) {
        /** Calibration examples: a million images already take hours to run through a model. */
        public static final int MAX_SAMPLES = 1_000_000;
        public static final Calibration DEFAULT = new Calibration(CalibrationMethod.PERCENTILE, 99.99, 300);

        public Calibration {
            ParameterException.require(percentile > 50 && percentile <= 100, "percentile",
                    "'percentile' must be above 50 and at most 100, like 99.99, not " + percentile);
            ParameterException.require(samples >= 1 && samples <= MAX_SAMPLES, "samples", "'samples' is how many "
                    + "examples calibrate: from 1 to 1,000,000, like 512, not " + samples);
        }
    }

    /** @throws ParameterException naming the recipe key of a parameter out of range */
    public QuantizeSpec {
        exclude = List.copyOf(exclude);
        ParameterException.patterns(exclude, "exclude");
        accuracyBudget.ifPresent(b -> ParameterException.require(b > 0 && b < 1, "accuracy_budget",
                "'accuracy_budget' is a fraction of top-1 above 0 and below 1 (0.005 = half a point), not " + b));
    }
}
