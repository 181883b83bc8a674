package dev.lathe.engine.variant;

import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.quantize.SaturationCheck;
import java.util.Optional;

/**
 * Said before an int8 model runs where it will lose accuracy: its weights reach far enough for pairs of products to
 * saturate, and the device's int8 path adds pairs in 16 bits (x86 without VNNI). Its figures there are true for that
 * device only, and lower than on VNNI x86 or ARM.
 *
 * @param remakeable whether Lathe made the model with a quantize step, so it can make it again with safe weights
 */
public record SaturationWarning(String model, DeviceFingerprint device, SaturationCheck.Report report,
                                boolean remakeable) {

    /** The warning for {@code model} on {@code device}, when its weights can saturate that device's int8 kernels. */
    public static Optional<SaturationWarning> of(String model, DeviceFingerprint device, SaturationCheck.Report report,
            boolean remakeable) {
        return report.canSaturate() && device.int8Path().saturatesFullRangeWeights()
                ? Optional.of(new SaturationWarning(model, device, report, remakeable)) : Optional.empty();
    }

    /** One sentence a user can act on. */
    public String sentence() {
        int risky = report.atRisk().size();
        return model + " has int8 weights that saturate on " + device.name() + "'s " + device.int8Path().label()
                + " int8 kernels (" + risky + " of " + report.checked() + " int8 layers), so its accuracy there will "
                + "be lower than on VNNI x86 or ARM; " + (remakeable
                ? "make it again with reduce_range: auto, whose weights no CPU saturates"
                : "quantize it again with weights that cannot saturate (Lathe's reduce_range: auto)");
    }
}
