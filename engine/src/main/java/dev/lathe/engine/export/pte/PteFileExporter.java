package dev.lathe.engine.export.pte;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.export.ExportFiles;
import dev.lathe.engine.export.ExportSource;
import dev.lathe.engine.export.ModelCard;
import dev.lathe.engine.export.VariantExporter;
import dev.lathe.engine.files.Overwrite;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.store.ModelRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes any ONNX model the store knows as {@code <stem>.pte}, with {@code <stem>.pte.provenance.json} (the source's
 * provenance as an ONNX export writes it, plus the program's facts under {@value #SECTION}) and a model card
 * {@code <stem>.pte.model-card.md} (the source's card with the program's facts), written as an ONNX export's files
 * are. The input shape is the one given, else the one remembered for the model, else each dynamic dimension set to
 * 1; the provenance says which.
 */
public final class PteFileExporter {
    public static final String PROVENANCE_SUFFIX = ".pte.provenance.json";
    public static final String CARD_SUFFIX = ".pte.model-card.md";
    /** The provenance's section that holds the program's facts. */
    public static final String SECTION = "executorch";

    private final VariantExporter sources;

    public PteFileExporter(VariantExporter sources) {
        this.sources = sources;
    }

    /** What was written, with the program's figures. */
    public record Written(Path pte, Path provenance, Path card, PteExport export) {
    }

    /** Exports with the XNNPACK delegate taking what it can, the rest on portable kernels. */
    public Written export(ModelRecord model, Path outDir, Optional<long[]> inputShape, Overwrite overwrite)
            throws LatheException {
        return export(model, outDir, inputShape, PteDelegate.XNNPACK, overwrite);
    }

    public Written export(ModelRecord model, Path outDir, Optional<long[]> inputShape, PteDelegate delegate,
            Overwrite overwrite) throws LatheException {
        if (model.format() != ModelFormat.ONNX) {
            throw new LatheException(model.name() + " is " + model.format().displayName()
                    + "; ExecuTorch export takes ONNX models (export it to ONNX first)");
        }
        Optional<long[]> shape = inputShape.isPresent() ? inputShape : model.inputShape();
        String from = inputShape.isPresent() ? "--input-shape" : model.inputShape().isPresent()
                ? "the shape remembered for the model" : "the model, each dynamic dimension set to 1";
        PteExport export = OnnxToPte.export(OnnxModel.read(model.path()), model.name(), shape, delegate);
        ExportSource source = sources.source(model);
        String stem = VariantExporter.stem(model.name());
        Path pte = outDir.resolve(stem + ".pte");
        PteProvenance facts = PteProvenance.of(model.name(), model.sha256(), from, delegate, export,
                Hashing.sha256(export.bytes()));
        List<ExportFiles.Target> targets;
        try {
            targets = List.of(ExportFiles.Target.bytes(pte, export.bytes()),
                    ExportFiles.Target.text(outDir.resolve(stem + PROVENANCE_SUFFIX),
                            VariantExporter.provenanceJson(source.provenance(), Map.of(SECTION, facts))),
                    ExportFiles.Target.text(outDir.resolve(stem + CARD_SUFFIX),
                            ModelCard.render(source, Optional.of(facts.card(pte.getFileName().toString())))));
        } catch (IOException e) {
            throw new LatheException("Cannot export " + model.name() + ": " + e.getMessage(), e);
        }
        ExportFiles.write(targets, outDir, overwrite, model.name());
        return new Written(pte, targets.get(1).path(), targets.get(2).path(), export);
    }
}
