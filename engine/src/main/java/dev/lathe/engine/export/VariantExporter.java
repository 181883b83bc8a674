package dev.lathe.engine.export;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.files.AtomicFiles;
import dev.lathe.engine.files.ExistingFileException;
import dev.lathe.engine.files.Overwrite;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.provenance.Provenance;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.files.Json;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.store.StoredVariant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Writes a variant out for use elsewhere: its model file, {@code <stem>.provenance.json} and a Markdown model card
 * {@code <stem>.model-card.md} with the figures the store holds, named after the variant so that several variants
 * exported into one folder keep their own. Each file appears whole or not at all; a file of the same name with other
 * content is replaced only when asked, and then all are checked before any is written.
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

    /** One file to write and what it must hold. */
    private record Target(Path path, Optional<Path> source, byte[] text, String sha256) {
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
        return Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(provenance) + "\n";
    }

    /** @param variant checked by the caller to be the very file the store knows */
    public Exported export(ModelRecord variant, Path outDir, Overwrite overwrite) throws LatheException {
        StoredVariant v = store.variants().variant(variant.sha256()).orElseThrow(() -> new LatheException(variant.name()
                + " was not made by a Lathe recipe, so it has no provenance to export; export a variant made by "
                + "'lathe optimize'"));
        Optional<StoredEvaluation> evaluation = store.evaluations(variant.sha256()).stream().findFirst();
        Optional<DeviceFingerprint> evaluatedOn = evaluation.isPresent()
                ? store.device(evaluation.get().deviceId()) : Optional.empty();
        String card = ModelCard.render(v, store.model(v.provenance().parentSha256()), evaluation, evaluatedOn,
                store.benchmarks(variant.sha256()).stream().filter(StoredBenchmark::complete).findFirst());
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new LatheException(outDir + " is a file, not a folder: give a folder to export " + variant.name()
                    + " into");
        }
        try {
            String provenance = provenanceJson(v.provenance());
            String stem = stem(v.model().name());
            List<Target> targets = List.of(
                    new Target(outDir.resolve(v.model().name()), Optional.of(variant.path()), null, variant.sha256()),
                    text(outDir.resolve(stem + PROVENANCE_SUFFIX), provenance),
                    text(outDir.resolve(stem + CARD_SUFFIX), card));
            for (Target t : targets) {
                check(t, overwrite, variant.name());
            }
            Files.createDirectories(outDir);
            for (Target t : targets) {
                if (!holds(t)) {
                    write(t);
                }
            }
            return new Exported(targets.get(0).path(), targets.get(1).path(), targets.get(2).path());
        } catch (IOException e) {
            throw new LatheException("Cannot export " + variant.name() + " to " + outDir + ": " + e.getMessage(), e);
        }
    }

    private static Target text(Path path, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new Target(path, Optional.empty(), bytes, Hashing.sha256(bytes));
    }

    /** A file that holds what it would be written with is left as it is: exporting twice replaces nothing. */
    private static void check(Target t, Overwrite overwrite, String variantName) throws LatheException, IOException {
        if (Files.isDirectory(t.path())) {
            throw new LatheException(t.path() + " is a folder; nothing was exported (remove or rename it to export "
                    + variantName + " here)");
        }
        if (Files.exists(t.path()) && overwrite == Overwrite.REFUSE && !holds(t)) {
            throw new ExistingFileException(t.path(), "nothing was exported");
        }
    }

    private static boolean holds(Target t) throws IOException {
        if (!Files.isRegularFile(t.path())) {
            return false;
        }
        if (t.source().isPresent() && Files.isSameFile(t.source().get(), t.path())) {
            return true;
        }
        if (t.text() != null) {
            return Files.size(t.path()) == t.text().length && Arrays.equals(Files.readAllBytes(t.path()), t.text());
        }
        return Hashing.sha256(t.path()).equals(t.sha256());
    }

    private static void write(Target t) throws IOException {
        if (t.source().isPresent()) {
            AtomicFiles.copy(t.source().get(), t.path());
        } else {
            AtomicFiles.write(t.path(), tmp -> Files.write(tmp, t.text()));
        }
    }
}
