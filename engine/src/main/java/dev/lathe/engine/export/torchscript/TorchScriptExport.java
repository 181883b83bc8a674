package dev.lathe.engine.export.torchscript;

import java.util.List;
import java.util.Map;

/**
 * A model written as TorchScript: the archive's bytes, its forward's source, what it holds and the ONNX ops it was
 * made from.
 *
 * @param precision         {@code fp32}, or {@code bf16} (tensors in bfloat16, input cast in and output cast out)
 * @param parameters        elements of the module's parameters (weights)
 * @param buffers           elements of its buffers (running statistics, other constants)
 * @param fileFormatVersion the archive's {@code version} record
 */
public record TorchScriptExport(byte[] bytes, String className, String code, String precision,
        Map<String, Integer> onnxOps, long parameters, long buffers, long tensorBytes, int fileFormatVersion,
        List<String> inputs, List<String> outputs) {
    public TorchScriptExport {
        onnxOps = Map.copyOf(onnxOps);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
