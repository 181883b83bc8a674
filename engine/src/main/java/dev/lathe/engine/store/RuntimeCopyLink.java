package dev.lathe.engine.store;

import java.util.Objects;
import java.util.Optional;

/**
 * A model exported so that another runtime runs it, and the model it was exported from: what lets one variant's runs
 * in every runtime be read together, though each run is stored against the file that ran.
 *
 * @param runtime  the id devices report for the runtime the copy is for ("executorch", "libtorch")
 * @param delegate the backend an ExecuTorch program was exported with ("xnnpack", "none"); empty for other runtimes
 */
public record RuntimeCopyLink(String copySha256, String sourceSha256, String runtime, Optional<String> delegate) {

    public RuntimeCopyLink {
        Objects.requireNonNull(copySha256, "copySha256");
        Objects.requireNonNull(sourceSha256, "sourceSha256");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(delegate, "delegate");
        if (copySha256.equals(sourceSha256)) {
            throw new IllegalArgumentException("a model is no copy of itself: " + copySha256);
        }
    }
}
