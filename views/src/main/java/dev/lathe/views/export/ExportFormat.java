package dev.lathe.views.export;

import java.util.Optional;

/** The formats File › Export… offers, and why one cannot be chosen yet. */
public enum ExportFormat {
    ONNX("ONNX (.onnx), the model as it is", Optional.empty()),
    EXECUTORCH("ExecuTorch program (.pte)", Optional.empty()),
    TORCHSCRIPT("TorchScript (.pt)", Optional.of("arrives with a later release of Lathe"));

    private final String label;
    private final Optional<String> unavailable;

    ExportFormat(String label, Optional<String> unavailable) {
        this.label = label;
        this.unavailable = unavailable;
    }

    public String label() {
        return label;
    }

    /** Why this format cannot be exported yet; empty when it can. */
    public Optional<String> unavailable() {
        return unavailable;
    }
}
