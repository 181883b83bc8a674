package dev.lathe.engine.export;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.files.Overwrite;
import dev.lathe.engine.provenance.Provenance;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.files.Json;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.store.StoredVariant;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a model the store knows out for use elsewhere: its file, {@code <stem>.provenance.json} and a Markdown model
 * card {@code <stem>.model-card.md} with the figures the store holds, named after the model so that several exported
 * into one folder keep their own. A variant's provenance says how Lathe made it; a model opened as it is gets one
 * that says Lathe did not make it. The files are written as {@link ExportFiles} writes them.
 */
public final class VariantExporter {
    public static final String PROVENANCE_SUFFIX = ".provenance.json";
    public static final String CARD_SUFFIX = ".model-card.md";

    private final ExperimentStore store;

    public VariantExporter(ExperimentStore store) {
        this.store = store;
    }

    /** What was written. */
    public record Exported(Path model, Path provenance, Path card) {
    }

    /** The name of a model's file without its extension: {@code cnn.int8-static} for {@code cnn.int8-static.onnx}. */
    public static String stem(String modelName) {
        int dot = modelName.lastIndexOf('.');
        return dot > 0 ? modelName.substring(0, dot) : modelName;
    }

    /**
     * A variant's {@code <stem>.provenance.json} as Lathe writes it wherever it puts one beside a variant (export,
     * {@code optimize --out}): indented JSON ending in a line break.
     */
    public static String provenanceJson(Provenance provenance) throws IOException {
        return provenanceJson(provenance, Map.of());
    }

    /**
     * As {@link #provenanceJson(Provenance)}, with further top-level sections after the provenance's own fields (an
     * exported program's facts); a reader of {@link Provenance} skips them.
     */
    public static String provenanceJson(Provenance provenance, Map<String, Object> sections) throws IOException {
        ObjectNode tree = Json.mapper().valueToTree(provenance);
        sections.forEach((name, section) -> tree.set(name, Json.mapper().valueToTree(section)));
        return Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree) + "\n";
    }

    /** What the store holds about {@code model}: how it was made, if Lathe made it, and its latest figures. */
    public ExportSource source(ModelRecord model) throws LatheException {
        Optional<StoredVariant> variant = store.variants().variant(model.sha256());
        Optional<StoredEvaluation> evaluation = store.evaluations(model.sha256()).stream().findFirst();
        Optional<DeviceFingerprint> evaluatedOn = evaluation.isPresent()
                ? store.device(evaluation.get().deviceId()) : Optional.empty();
        Optional<ModelRecord> parent = variant.isPresent()
                ? store.model(variant.get().provenance().parentSha256()) : Optional.empty();
        return new ExportSource(variant.map(StoredVariant::model).orElse(model), variant, parent, evaluation,
                evaluatedOn, store.benchmarks(model.sha256()).stream().filter(StoredBenchmark::complete).findFirst());
    }

    /** @param model checked by the caller to be the very file the store knows */
    public Exported export(ModelRecord model, Path outDir, Overwrite overwrite) throws LatheException {
        ExportSource source = source(model);
        ModelRecord m = source.model();
        String stem = stem(m.name());
        List<ExportFiles.Target> targets;
        try {
            targets = List.of(
                    ExportFiles.Target.copy(outDir.resolve(m.name()), model.path(), model.sha256()),
                    ExportFiles.Target.text(outDir.resolve(stem + PROVENANCE_SUFFIX),
                            provenanceJson(source.provenance())),
                    ExportFiles.Target.text(outDir.resolve(stem + CARD_SUFFIX), ModelCard.render(source)));
        } catch (IOException e) {
            throw new LatheException("Cannot export " + m.name() + ": " + e.getMessage(), e);
        }
        ExportFiles.write(targets, outDir, overwrite, m.name());
        return new Exported(targets.get(0).path(), targets.get(1).path(), targets.get(2).path());
    }
}
