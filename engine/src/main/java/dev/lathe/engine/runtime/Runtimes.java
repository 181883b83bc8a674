package dev.lathe.engine.runtime;

import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.hardware.KnownRuntime;
import dev.lathe.engine.hardware.RuntimeVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Opens a model with the runtime for its format, in this process ({@link #inProcess}) or in a worker process that a
 * crash of the runtime's native code costs instead of this one. Callers never name a runtime class: a
 * {@link RuntimeRegistry} picks it by the model's format.
 */
public interface Runtimes {

    /** Opens a model file that declares no input shape of its own, such as TorchScript through DJL. */
    @FunctionalInterface
    interface SessionOpener {
        InferenceSession open(Path model, Optional<long[]> inputShape, SessionOptions options) throws InferenceException;
    }

    /** Opens the model a handle names, with the runtime registered for its format; messages use the handle's name. */
    default InferenceSession open(ModelHandle model, SessionOptions options) throws InferenceException {
        return open(model.file(), model.name(), model.format(), model.inputShape(), options);
    }

    /** Opens a model file; messages call it by the file's name. */
    default InferenceSession open(Path model, ModelFormat format, Optional<long[]> inputShape, SessionOptions options)
            throws InferenceException {
        return open(model, model.getFileName().toString(), format, inputShape, options);
    }

    /**
     * Opens a model file that messages call {@code name}: the name a user knows it by, where the file is named
     * otherwise (an agent keeps uploads under their hash).
     */
    InferenceSession open(Path model, String name, ModelFormat format, Optional<long[]> inputShape,
                          SessionOptions options) throws InferenceException;

    /**
     * Opens an ONNX model held in memory: one Lathe made or changed (a quantized variant, a copy with intermediate
     * tensors as outputs). {@code name} is what messages call it, like {@code cnn.onnx}.
     */
    InferenceSession openOnnx(byte[] model, String name, SessionOptions options) throws InferenceException;

    /** The ONNX Runtime version that runs ONNX models, like "1.23.2". */
    String onnxRuntimeVersion();

    /**
     * The runtimes that run models here, each by its id with its version ("onnxruntime" 1.23.2, "libtorch" 2.7.1),
     * once each, in the order of the formats they run: what a device reports it has.
     */
    List<RuntimeVersion> installed();

    /**
     * Runtimes that load models into this process: what a worker process runs, and tests. A crash of native code
     * while loading or running a model ends this process.
     *
     * @param cacheDir    where ONNX Runtime's natives are unpacked once
     * @param torchScript opens TorchScript models; wired by the caller so the runtime package stays format-neutral
     */
    static Runtimes inProcess(Path cacheDir, SessionOpener torchScript) {
        return inProcess(cacheDir, "", torchScript);
    }

    /** As {@link #inProcess(Path, SessionOpener)}, with the version of the libtorch the opener loads. */
    static Runtimes inProcess(Path cacheDir, String libtorchVersion, SessionOpener torchScript) {
        return RuntimeRegistry.builder()
                .register(ModelFormat.ONNX, new OrtRuntime(cacheDir))
                .register(ModelFormat.TORCHSCRIPT, new OpenerRuntime(KnownRuntime.LIBTORCH, libtorchVersion,
                        torchScript))
                .build();
    }

    /** As {@link #inProcess(Path, SessionOpener)}, for ONNX models alone: other formats have no runtime here. */
    static Runtimes inProcess(Path cacheDir) {
        return RuntimeRegistry.builder().register(ModelFormat.ONNX, new OrtRuntime(cacheDir)).build();
    }
}
