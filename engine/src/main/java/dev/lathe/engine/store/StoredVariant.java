package dev.lathe.engine.store;

import dev.lathe.engine.provenance.Provenance;
import java.util.Optional;

/** A variant as stored: its model row (with its parent), how it was made, what changed, and its evaluation if run. */
public record StoredVariant(ModelRecord model, Provenance provenance, VariantReport report,
                            Optional<StoredEvaluation> evaluation) {

    /** Whether a calibration set went into it (its provenance names one), so a screen can say which set that was. */
    public boolean calibrated() {
        return provenance.calibrationDatasetSha256().isPresent();
    }
}
