package dev.lathe.views.export;

/** The formats File › Export… offers. */
public enum ExportFormat {
    ONNX("ONNX (.onnx), the model as it is"),
    EXECUTORCH("ExecuTorch program (.pte)"),
    TORCHSCRIPT("TorchScript (.pt)");

    private final String label;

    ExportFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
