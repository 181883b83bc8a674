package dev.lathe.engine.export.torchscript;

import dev.lathe.engine.export.ModelCard;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How a {@code .pt} was made from its source: the source file's hash, the archive's format version and module
 * class, the precision of its tensors and what it holds. The {@code torchscript} section of
 * {@code <stem>.pt.provenance.json}.
 *
 * @param onnxOps the source's ONNX nodes by op type, each written as one line of forward
 */
public record TorchScriptProvenance(String source, String sourceSha256, String format, int fileFormatVersion,
        String moduleClass, String precision, SortedMap<String, Integer> onnxOps, long parameters, long buffers,
        long tensorBytes, long fileBytes, String fileSha256) {

    public TorchScriptProvenance {
        onnxOps = new TreeMap<>(Map.copyOf(onnxOps));
    }

    public static TorchScriptProvenance of(String source, String sourceSha256, TorchScriptExport export,
            String fileSha256) {
        return new TorchScriptProvenance(source, sourceSha256, "torchscript", export.fileFormatVersion(),
                export.className(), export.precision(), new TreeMap<>(export.onnxOps()), export.parameters(),
                export.buffers(), export.tensorBytes(), export.bytes().length, fileSha256);
    }

    /** The archive's part of its model card. */
    ModelCard.Program card(String fileName) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Format", "TorchScript archive, file format version " + fileFormatVersion + ", module `"
                + moduleClass + "` (load with `torch.jit.load`)");
        facts.put("Precision", precision.equals("bf16") ? "bf16: tensors in bfloat16; forward casts its input to "
                + "bfloat16 and its output back to float32" : "fp32");
        facts.put("ONNX nodes written", onnxOps.isEmpty() ? "none" : onnxOps.entrySet().stream()
                .map(e -> "`" + e.getKey() + "` ×" + e.getValue()).collect(Collectors.joining(", ")));
        facts.put("Tensors", String.format(Locale.ROOT, "%,d parameter and %,d buffer elements, %,d bytes",
                parameters, buffers, tensorBytes));
        facts.put("File size", String.format(Locale.ROOT, "%,d bytes", fileBytes));
        facts.put("SHA-256", "`" + fileSha256 + "`");
        return new ModelCard.Program(fileName, "TorchScript module written by Lathe from `" + source + "` (SHA-256 `"
                + sourceSha256 + "`). Lathe has not measured this file's accuracy or latency: the figures below "
                + "are the source model's, on the devices they name.", facts);
    }
}
