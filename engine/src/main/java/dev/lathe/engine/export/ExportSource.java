package dev.lathe.engine.export;

import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.provenance.Provenance;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.store.StoredVariant;
import java.util.Optional;

/**
 * What the store holds about a model being exported: how it was made when Lathe made it, its parent, and the latest
 * evaluation (with the device that ran it) and complete benchmark of its very file.
 */
public record ExportSource(ModelRecord model, Optional<StoredVariant> variant, Optional<ModelRecord> parent,
                           Optional<StoredEvaluation> evaluation, Optional<DeviceFingerprint> evaluatedOn,
                           Optional<StoredBenchmark> benchmark) {

    /** The variant's provenance as stored, or for a model opened as it is, one that says Lathe did not make it. */
    public Provenance provenance() {
        return variant.map(StoredVariant::provenance).orElseGet(() -> Provenance.notMadeByLathe(model.sha256()));
    }
}
