package dev.lathe.engine.runtime;

import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ShapeLimits;
import dev.lathe.engine.hardware.RuntimeVersion;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The runtimes of one process (or of one model worker, seen from its parent), keyed by the model format each runs.
 * A caller asks for a session for a model ({@link #open(dev.lathe.engine.model.ModelHandle, SessionOptions)}) and
 * the model's format picks the runtime; a format nobody registered fails with one line naming what does run here.
 * A new runtime (ExecuTorch for {@code .pte}) is one more {@link Builder#register} where the registry is built,
 * and no caller changes.
 */
public final class RuntimeRegistry implements Runtimes {
    private final Map<ModelFormat, FormatRuntime> runtimes;

    private RuntimeRegistry(Map<ModelFormat, FormatRuntime> runtimes) {
        this.runtimes = Collections.unmodifiableMap(new EnumMap<>(runtimes));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects a runtime per format; a format registered twice is a wiring mistake. */
    public static final class Builder {
        private final Map<ModelFormat, FormatRuntime> runtimes = new EnumMap<>(ModelFormat.class);

        private Builder() {
        }

        public Builder register(ModelFormat format, FormatRuntime runtime) {
            if (runtimes.putIfAbsent(format, runtime) != null) {
                throw new IllegalStateException(format.displayName() + " has a runtime already: "
                        + runtimes.get(format).name());
            }
            return this;
        }

        public RuntimeRegistry build() {
            return new RuntimeRegistry(runtimes);
        }
    }

    @Override
    public List<RuntimeVersion> installed() {
        Map<String, RuntimeVersion> out = new LinkedHashMap<>();
        runtimes.values().forEach(r -> out.putIfAbsent(r.id(), new RuntimeVersion(r.id(), r.version())));
        return List.copyOf(out.values());
    }

    @Override
    public InferenceSession open(Path model, String name, ModelFormat format, Optional<long[]> inputShape,
                                 SessionOptions options) throws InferenceException {
        Optional<String> shapeProblem = inputShape.flatMap(ShapeLimits::inputProblem);
        if (shapeProblem.isPresent()) {
            throw new InferenceException(name + ": " + shapeProblem.get());
        }
        return runtime(format, name).open(model, name, inputShape, options);
    }

    @Override
    public InferenceSession openOnnx(byte[] model, String name, SessionOptions options) throws InferenceException {
        return runtime(ModelFormat.ONNX, name).open(model, name, options);
    }

    @Override
    public String onnxRuntimeVersion() {
        FormatRuntime onnx = runtimes.get(ModelFormat.ONNX);
        return onnx == null ? "none" : onnx.version();
    }

    private FormatRuntime runtime(ModelFormat format, String modelName) throws InferenceException {
        FormatRuntime runtime = runtimes.get(format);
        if (runtime == null) {
            Optional<String> notHere = format.whenNoRuntime();
            throw new InferenceException(modelName + ": " + notHere.orElseGet(() -> "no runtime for " + format.plural()
                    + " is registered here; this one runs " + (runtimes.isEmpty() ? "none"
                    : runtimes.keySet().stream().map(ModelFormat::displayName).collect(Collectors.joining(" and ")))
                    + " models"));
        }
        return runtime;
    }
}
