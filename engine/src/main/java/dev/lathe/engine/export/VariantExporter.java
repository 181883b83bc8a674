package dev.lathe.engine.export;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lathe.engine.LatheException;
import dev.lathe.engine.device.DeviceFingerprint;
import dev.lathe.engine.files.AtomicFiles;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.store.Json;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.store.StoredVariant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes a variant out for use elsewhere: its {@code .onnx} file, {@code provenance.json} and a Markdown model card
 * with the figures the store holds. Each file appears whole or not at all.
 */
public final class VariantExporter {
    public static final String PROVENANCE_FILE = "provenance.json";
    public static final String CARD_FILE = "model-card.md";

    private final ExperimentStore store;

    public VariantExporter(ExperimentStore store) {
        this.store = store;
    }

    /** What was written. */
    public record Exported(Path model, Path provenance, Path card) {
    }

    /** @param variant checked by the caller to be the very file the store knows */
    public Exported export(ModelRecord variant, Path outDir) throws LatheException {
        StoredVariant v = store.variants().variant(variant.sha256()).orElseThrow(() -> new LatheException(variant.name()
                + " was not made by a Lathe recipe, so it has no provenance to export; export a variant made by "
                + "'lathe optimize'"));
        Optional<StoredEvaluation> evaluation = store.evaluations(variant.sha256()).stream().findFirst();
        Optional<DeviceFingerprint> evaluatedOn = evaluation.isPresent()
                ? store.device(evaluation.get().deviceId()) : Optional.empty();
        String card = ModelCard.render(v, store.model(v.provenance().parentSha256()), evaluation, evaluatedOn,
                store.benchmarks(variant.sha256()).stream().filter(StoredBenchmark::complete).findFirst());
        try {
            Files.createDirectories(outDir);
            String provenance = Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(v.provenance());
            Path model = outDir.resolve(v.model().name());
            Path prov = outDir.resolve(PROVENANCE_FILE);
            Path md = outDir.resolve(CARD_FILE);
            AtomicFiles.copy(variant.path(), model);
            AtomicFiles.write(prov, tmp -> Files.writeString(tmp, provenance + "\n", StandardCharsets.UTF_8));
            AtomicFiles.write(md, tmp -> Files.writeString(tmp, card, StandardCharsets.UTF_8));
            return new Exported(model, prov, md);
        } catch (IOException e) {
            throw new LatheException("Cannot export " + variant.name() + " to " + outDir + ": " + e.getMessage(), e);
        }
    }
}
