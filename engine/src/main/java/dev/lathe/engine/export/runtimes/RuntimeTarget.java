package dev.lathe.engine.export.runtimes;

import dev.lathe.engine.hardware.KnownRuntime;
import dev.lathe.engine.model.ModelFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A runtime a model can be measured in, and the format it runs: what {@code lathe bench --runtime} names. */
public enum RuntimeTarget {
    ONNX_RUNTIME(KnownRuntime.ONNX_RUNTIME, ModelFormat.ONNX),
    EXECUTORCH(KnownRuntime.EXECUTORCH, ModelFormat.PTE),
    LIBTORCH(KnownRuntime.LIBTORCH, ModelFormat.TORCHSCRIPT);

    private final KnownRuntime runtime;
    private final ModelFormat format;

    RuntimeTarget(KnownRuntime runtime, ModelFormat format) {
        this.runtime = runtime;
        this.format = format;
    }

    /** The id devices report: "onnxruntime", "executorch", "libtorch". */
    public String id() {
        return runtime.id();
    }

    public KnownRuntime runtime() {
        return runtime;
    }

    /** The file format this runtime runs. */
    public ModelFormat format() {
        return format;
    }

    /** The runtime that runs models of {@code format}. */
    public static RuntimeTarget of(ModelFormat format) {
        return Arrays.stream(values()).filter(t -> t.format == format).findFirst().orElseThrow();
    }

    /** The target with this id, case aside; an unknown id is refused naming the ones there are. */
    public static RuntimeTarget byId(String id) {
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.id().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("runtime " + id + " is unknown; choose " + Arrays
                        .stream(values()).map(RuntimeTarget::id).collect(Collectors.joining(", "))));
    }
}
