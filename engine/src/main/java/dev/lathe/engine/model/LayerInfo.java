package dev.lathe.engine.model;

/** One node (ONNX) or module parameter group (TorchScript) with the weights it owns. */
public record LayerInfo(String name, String op, long parameters, long bytes, double share) {
}
