package dev.lathe.engine.export.torchscript;

/** Writes one ONNX node as TorchScript lines of {@code forward}. */
@FunctionalInterface
interface Lowering {
    void lower(ForwardBuilder f) throws TorchScriptExportException;
}
