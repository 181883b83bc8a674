package dev.lathe.engine.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What is inside a model file. {@code share} of each layer is its fraction of all weight bytes. ONNX-only fields
 * (IR version, opsets) are empty for TorchScript.
 */
public record ModelSummary(
        String fileName,
        ModelFormat format,
        String sha256,
        long fileBytes,
        String producer,
        Optional<Long> irVersion,
        Map<String, Long> opsets,
        List<TensorInfo> inputs,
        List<TensorInfo> outputs,
        long parameters,
        long weightBytes,
        Map<String, Integer> ops,
        List<LayerInfo> layers,
        Map<String, String> metadata) {

    public ModelSummary {
        opsets = Map.copyOf(opsets);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        ops = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ops));
        layers = List.copyOf(layers);
        metadata = Map.copyOf(metadata);
    }

    /** The same summary under another file name: a variant is summarised from its stored file, named for the user. */
    public ModelSummary withFileName(String name) {
        return new ModelSummary(name, format, sha256, fileBytes, producer, irVersion, opsets, inputs, outputs,
                parameters, weightBytes, ops, layers, metadata);
    }

    /** True when the first input has a fully declared shape apart from its batch dimension. */
    public boolean declaresInputShape() {
        return !inputs.isEmpty() && inputs.get(0).shapeWithBatch(1).isPresent();
    }
}
