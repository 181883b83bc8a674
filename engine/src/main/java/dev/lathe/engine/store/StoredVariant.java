package dev.lathe.engine.store;

import dev.lathe.engine.provenance.Provenance;
import java.util.Optional;

/** A variant as stored: its model row (with its parent), how it was made, what changed, and its evaluation if run. */
public record StoredVariant(ModelRecord model, Provenance provenance, VariantReport report,
                            Optional<StoredEvaluation> evaluation) {
}
