package dev.lathe.engine.export.torchscript;

import dev.lathe.engine.export.ExportFiles;
import dev.lathe.engine.export.ExportSource;
import dev.lathe.engine.export.ModelCard;
import dev.lathe.engine.export.VariantExporter;
import dev.lathe.engine.files.Overwrite;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.task.LatheException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes any ONNX model the store knows as {@code <stem>.pt}, a TorchScript archive, with
 * {@code <stem>.pt.provenance.json} (the source's provenance as an ONNX export writes it, plus the archive's facts
 * under {@value #SECTION}) and a model card {@code <stem>.pt.model-card.md}, written as an ONNX export's files are.
 */
public final class TorchScriptFileExporter {
    public static final String PROVENANCE_SUFFIX = ".pt.provenance.json";
    public static final String CARD_SUFFIX = ".pt.model-card.md";
    /** The provenance's section that holds the archive's facts. */
    public static final String SECTION = "torchscript";

    private final VariantExporter sources;

    public TorchScriptFileExporter(VariantExporter sources) {
        this.sources = sources;
    }

    /** What was written, with the archive's figures. */
    public record Written(Path pt, Path provenance, Path card, TorchScriptExport export) {
    }

    public Written export(ModelRecord model, Path outDir, Overwrite overwrite) throws LatheException {
        if (model.format() != ModelFormat.ONNX) {
            throw new LatheException(model.name() + " is " + model.format().displayName()
                    + "; TorchScript export writes ONNX models (a TorchScript model is exported as it is)");
        }
        TorchScriptExport export = OnnxToTorchScript.export(OnnxModel.read(model.path()), model.name(),
                OnnxToTorchScript.Precision.FP32);
        ExportSource source = sources.source(model);
        String stem = VariantExporter.stem(model.name());
        Path pt = outDir.resolve(stem + ".pt");
        TorchScriptProvenance facts = TorchScriptProvenance.of(model.name(), model.sha256(), export,
                Hashing.sha256(export.bytes()));
        List<ExportFiles.Target> targets;
        try {
            targets = List.of(ExportFiles.Target.bytes(pt, export.bytes()),
                    ExportFiles.Target.text(outDir.resolve(stem + PROVENANCE_SUFFIX),
                            VariantExporter.provenanceJson(source.provenance(), Map.of(SECTION, facts))),
                    ExportFiles.Target.text(outDir.resolve(stem + CARD_SUFFIX),
                            ModelCard.render(source, Optional.of(facts.card(pt.getFileName().toString())))));
        } catch (IOException e) {
            throw new LatheException("Cannot export " + model.name() + ": " + e.getMessage(), e);
        }
        ExportFiles.write(targets, outDir, overwrite, model.name());
        return new Written(pt, targets.get(1).path(), targets.get(2).path(), export);
    }
}
