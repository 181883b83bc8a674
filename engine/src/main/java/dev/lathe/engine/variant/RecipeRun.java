package dev.lathe.engine.variant;

import dev.lathe.engine.store.VariantStore.NewVariant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a recipe run made: one variant per step, in order, each with its provenance and report, and the files the run
 * created (a variant whose file an earlier run already wrote is not among them), which a caller removes if anything
 * after the run fails before the store records the variants.
 */
public record RecipeRun(List<NewVariant> variants, List<Path> written) {
    public RecipeRun {
        variants = List.copyOf(variants);
        written = List.copyOf(written);
    }

    /** Every step's warnings, each after the name of the variant it concerns: {@code cnn.int8.onnx: ...}. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (NewVariant v : variants) {
            v.report().warnings().forEach(w -> out.add(v.summary().fileName() + ": " + w));
        }
        return out;
    }

    /** Removes {@code files}, adding what cannot be removed to {@code cause}. */
    static void discard(List<Path> files, Throwable cause) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
