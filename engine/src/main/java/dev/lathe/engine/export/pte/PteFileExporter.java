package dev.lathe.engine.export.pte;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.export.VariantExporter;
import dev.lathe.engine.files.AtomicFiles;
import dev.lathe.engine.files.ExistingFileException;
import dev.lathe.engine.files.Overwrite;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.files.Json;
import dev.lathe.engine.store.ModelRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes any ONNX model the store knows as {@code <stem>.pte} with {@code <stem>.pte.provenance.json} beside it. The
 * input shape is the one given, else the one remembered for the model, else each dynamic dimension set to 1; the
 * provenance says which.
 */
public final class PteFileExporter {
    public static final String PROVENANCE_SUFFIX = ".pte.provenance.json";

    /** What was written, with the program's figures. */
    public record Written(Path pte, Path provenance, PteExport export) {
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
        String stem = VariantExporter.stem(model.name());
        Path pte = outDir.resolve(stem + ".pte");
        Path provenance = outDir.resolve(stem + PROVENANCE_SUFFIX);
        PteProvenance record = PteProvenance.of(model.name(), model.sha256(), from, delegate, export,
                Hashing.sha256(export.bytes()));
        try {
            byte[] json = (Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record)
                    + "\n").getBytes(StandardCharsets.UTF_8);
            for (Path target : new Path[] {pte, provenance}) {
                if (Files.isDirectory(target)) {
                    throw new LatheException(target + " is a folder; nothing was exported");
                }
                if (Files.exists(target) && overwrite == Overwrite.REFUSE) {
                    throw new ExistingFileException(target, "nothing was exported");
                }
            }
            Files.createDirectories(outDir);
            AtomicFiles.write(pte, tmp -> Files.write(tmp, export.bytes()));
            AtomicFiles.write(provenance, tmp -> Files.write(tmp, json));
        } catch (IOException e) {
            throw new LatheException("Cannot export " + model.name() + " to " + outDir + ": " + e.getMessage(), e);
        }
        return new Written(pte, provenance, export);
    }
}
