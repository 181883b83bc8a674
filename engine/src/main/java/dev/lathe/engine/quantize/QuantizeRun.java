package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.lathe.engine.provenance.StepRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one quantization ran with, noted as it happens: BatchNorms folded, the opset before and after, a fallback
 * from per-channel weights, the calibration examples used, and what {@code reduce_range} came to. It goes into the
 * variant's provenance, so a change Lathe made on its own is on record and not only in a warning.
 */
final class QuantizeRun {
    private final Map<String, Object> resolved = new LinkedHashMap<>();
    private final List<StepRun.Change> changes = new ArrayList<>();

    /** The reason Lathe folds BatchNorms before quantizing. */
    static final String FOLDED_FOR_INT8 = "a QDQ pair between a Conv and its BatchNorm would keep the BatchNorm in "
            + "float on the int8 path";

    void folded(List<String> batchNorms, String why) {
        if (batchNorms.isEmpty()) {
            return;
        }
        resolved.put("batchnorm_folded", List.copyOf(batchNorms));
        changes.add(StepRun.Change.ofModel("batchnorm_folded", batchNorms.size() + " BatchNormalization",
                "folded into the Conv before each", why));
    }

    void opset(long before, long after) {
        Map<String, Object> opset = new LinkedHashMap<>();
        opset.put("before", (int) before);
        opset.put("after", (int) after);
        resolved.put("opset", opset);
        if (after != before) {
            changes.add(StepRun.Change.ofModel("opset_raised", (int) before, (int) after, "per-channel "
                    + "DequantizeLinear needs opset 13, and every op the model uses means the same there"));
        }
    }

    void perChannelOff(long opset) {
        changes.add(new StepRun.Change("per_channel_off", "per_channel", true, false, "opset " + opset + " has no "
                + "per-channel DequantizeLinear and the model uses ops that changed by 13, so weights use one scale "
                + "per tensor"));
    }

    void calibrated(int asked, CalibrationData data) {
        int used = Math.min(asked, data.examples());
        resolved.put("calibration_examples", used);
        data.draw().ifPresent(d -> {
            Map<String, Object> draw = new LinkedHashMap<>();
            draw.put("examples", d.examples());
            draw.put("seed", d.seed());
            resolved.put("calibration_draw", draw);
        });
        if (used < asked) {
            changes.add(new StepRun.Change("calibration_samples", "calibration.samples", asked, used, "the "
                    + "calibration data holds " + data.examples() + " examples (whole batches for the model)"));
        }
    }

    /** {@code reduce_range: auto} settled: full 8 bits where nothing computes in int8, else per channel (read back). */
    void reduceRange(QuantizeSpec spec, ModelProto result) {
        if (spec.reduceRange() != QuantizeSpec.ReduceRange.AUTO) {
            return;
        }
        if (spec.mode() == QuantizeSpec.Mode.WEIGHT_ONLY) {
            changes.add(new StepRun.Change("reduce_range_resolved", "reduce_range", "auto", false, "weight-only "
                    + "computes in float, where no pair of products can clip: full 8 bits"));
            return;
        }
        long convIntegers = result.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("ConvInteger"))
                .count();
        if (convIntegers > 0) {
            changes.add(StepRun.Change.ofModel("reduce_range_resolved", "auto", "full 8 bits for " + convIntegers
                    + " ConvInteger layers", "ONNX Runtime's ConvInteger takes uint8 weights, which its kernels widen "
                    + "to 16 bits before multiplying: no pair can clip"));
        }
        List<SaturationCheck.Reach> reach = SaturationCheck.reach(result);
        int channels = reach.stream().mapToInt(SaturationCheck.Reach::channels).sum();
        int below = reach.stream().mapToInt(SaturationCheck.Reach::belowFull).sum();
        int fewest = reach.stream().mapToInt(SaturationCheck.Reach::fewestSteps).min().orElse(0);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("int8_layers", reach.size());
        summary.put("channels", channels);
        summary.put("channels_below_127_steps", below);
        summary.put("fewest_steps", fewest);
        Map<String, Object> layers = new LinkedHashMap<>();
        reach.forEach(r -> layers.put(r.node(), r.belowFull() + " of " + r.channels() + " channels below 127 steps, "
                + "fewest " + r.fewestSteps()));
        summary.put("layers", layers);
        resolved.put("reduce_range", summary);
        changes.add(StepRun.Change.ofModel("reduce_range_resolved", "auto", below + " of " + channels + " output "
                + "channels in " + reach.size() + " int8 layers scaled so their largest weight keeps fewer than 127 "
                + "steps (fewest " + fewest + ")", "no two same-sign weights of a channel may add up past 128 steps, "
                + "so no 16-bit sum clips on x86 without VNNI"));
    }

    StepRun toStepRun() {
        return StepRun.of(resolved, changes);
    }
}
