package dev.lathe.engine.inspect;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.model.onnx.OnnxInspector;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.model.pte.PteInspector;
import dev.lathe.engine.model.pte.PteReader;
import dev.lathe.engine.provenance.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads any model file Lathe supports into a summary. */
public final class ModelInspector {
    private final TorchScriptSummarizer torchScript;

    /** How TorchScript files are summarized: through DJL's PyTorch engine, which starts only when first needed. */
    @FunctionalInterface
    public interface TorchScriptSummarizer {
        ModelSummary summarize(Path file, String sha256, long fileBytes) throws LatheException;
    }

    public ModelInspector(TorchScriptSummarizer torchScript) {
        this.torchScript = torchScript;
    }

    public ModelSummary inspect(Path file) throws LatheException {
        ModelFormat format = ModelFormat.detect(file);
        String sha;
        long bytes;
        try {
            bytes = Files.size(file);
            sha = Hashing.sha256(file);
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot be read: " + e.getMessage(), e);
        }
        return switch (format) {
            case ONNX -> new OnnxInspector().summarize(OnnxModel.read(file), file.getFileName().toString(), sha, bytes);
            case TORCHSCRIPT -> torchScript.summarize(file, sha, bytes);
            case PTE -> PteInspector.summarize(PteReader.read(file), sha);
        };
    }
}
