package dev.lathe.engine.device;

import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.hardware.KnownRuntime;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelHandle;

/**
 * Which runtime a model needs on a device, by the ids devices report, and the one line that refuses a run on a
 * device whose list lacks it: before a byte is uploaded, naming the device, the runtime and what to do.
 */
public final class DeviceRuntimes {
    private DeviceRuntimes() {
    }

    /** The runtime that runs models of {@code format} on any device. */
    public static KnownRuntime needed(ModelFormat format) {
        return switch (format) {
            case ONNX -> KnownRuntime.ONNX_RUNTIME;
            case TORCHSCRIPT -> KnownRuntime.LIBTORCH;
            case PTE -> KnownRuntime.EXECUTORCH;
        };
    }

    /**
     * Fails when {@code device} does not list the runtime {@code model} needs, like "pi5 has no ExecuTorch runner for
     * cnn.pte; see native/executorch-runner/README.md".
     */
    public static void require(DeviceFingerprint device, ModelHandle model) throws DeviceException {
        KnownRuntime needed = needed(model.format());
        if (device.runtime(needed.id()).isEmpty()) {
            String remedy = needed.remedy();
            throw new DeviceException(device.name() + " has no " + needed.what() + " for " + model.name()
                    + (remedy.startsWith("see ") ? "; " : ": ") + remedy + " (it has "
                    + device.runtimesLabel() + ")");
        }
    }
}
