package dev.lathe.engine.store;

import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelSummary;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A model or variant the store knows, keyed by the SHA-256 of its file. {@code inputShape} is what a user gave for a
 * model that declares none; it is remembered so they are asked once.
 */
public record ModelRecord(String sha256, Optional<String> parentSha256, String name, Path path, ModelFormat format,
                          long fileBytes, long parameters, ModelSummary summary, Optional<long[]> inputShape,
                          Instant addedAt) {

    public String shortHash() {
        return sha256.substring(0, 12);
    }
}
