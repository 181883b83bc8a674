package dev.lathe.app.cli;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.variant.SaturationWarning;
import java.io.PrintWriter;
import java.util.List;

/**
 * Says on stderr, before bench or eval runs, that the model's int8 weights saturate the device's int8 kernels, so
 * the figures it is about to measure hold for that kind of CPU only. Returns the sentences for the JSON output.
 */
final class SaturationNotice {
    private SaturationNotice() {
    }

    static List<String> warn(Workbench workbench, ModelRecord model, DeviceFingerprint device, PrintWriter err)
            throws LatheException {
        List<String> said = workbench.saturationWarning(model, device).map(SaturationWarning::sentence).stream()
                .toList();
        said.forEach(s -> err.println("lathe: warning: " + s));
        err.flush();
        return said;
    }
}
