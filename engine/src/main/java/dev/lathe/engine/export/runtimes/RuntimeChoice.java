package dev.lathe.engine.export.runtimes;

import dev.lathe.engine.export.pte.PteDelegate;
import java.util.Arrays;
import java.util.Optional;

/**
 * A runtime with the format it runs, as a user picks it to measure a model in: ExecuTorch twice, since a program
 * delegated to XNNPACK and one on portable kernels are different files with different figures.
 */
public enum RuntimeChoice {
    ONNX_RUNTIME(RuntimeTarget.ONNX_RUNTIME, Optional.empty(), "ONNX Runtime", ".onnx"),
    EXECUTORCH_XNNPACK(RuntimeTarget.EXECUTORCH, Optional.of(PteDelegate.XNNPACK), "ExecuTorch XNNPACK", ".pte"),
    EXECUTORCH_PORTABLE(RuntimeTarget.EXECUTORCH, Optional.of(PteDelegate.NONE), "ExecuTorch portable", ".pte"),
    LIBTORCH(RuntimeTarget.LIBTORCH, Optional.empty(), "libtorch", ".pt");

    private final RuntimeTarget target;
    private final Optional<PteDelegate> delegate;
    private final String name;
    private final String extension;

    RuntimeChoice(RuntimeTarget target, Optional<PteDelegate> delegate, String name, String extension) {
        this.target = target;
        this.delegate = delegate;
        this.name = name;
        this.extension = extension;
    }

    public RuntimeTarget target() {
        return target;
    }

    /** The backend an ExecuTorch program is exported with; XNNPACK's for the other runtimes, which ignore it. */
    public PteDelegate delegateOrDefault() {
        return delegate.orElse(PteDelegate.XNNPACK);
    }

    /** Its name for people with the file it runs, like "ExecuTorch portable (.pte)". */
    public String label() {
        return name + " (" + extension + ")";
    }

    /** Its name for people, like "ExecuTorch portable". */
    public String displayName() {
        return name;
    }

    /**
     * The choice a stored run was made in, by the runtime id and delegate the store keeps with a copy; none for a
     * program opened as it is, whose delegate Lathe did not choose.
     */
    public static Optional<RuntimeChoice> of(String runtimeId, Optional<String> delegate) {
        return Arrays.stream(values()).filter(c -> c.target.id().equals(runtimeId))
                .filter(c -> c.target != RuntimeTarget.EXECUTORCH || c.delegate.map(PteDelegate::cliName).equals(delegate))
                .findFirst();
    }
}
