package dev.lathe.engine.store;

import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.eval.EvaluationResult;
import java.time.Instant;

/**
 * An evaluation as remembered: which model, which device (accuracy is a figure of the device that measured it, since
 * int8 kernels differ between CPUs) and which dataset (by content hash), and what it measured.
 */
public record StoredEvaluation(long id, String modelSha256, DeviceFingerprint device, String datasetName,
                               String datasetPath, String datasetSha256, EvaluationResult result, Instant createdAt) {

    public String deviceId() {
        return device.id();
    }

    /** Whether the two top-1 figures are comparable: the same data (by hash) and the same number of examples. */
    public boolean sameExamplesAs(StoredEvaluation other) {
        return datasetSha256.equals(other.datasetSha256) && result.samples() == other.result.samples();
    }
}
