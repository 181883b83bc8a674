package dev.lathe.engine.store;

import dev.lathe.engine.eval.EvaluationResult;
import java.time.Instant;

/** An evaluation as remembered: which model, device and dataset (by content hash), and what it measured. */
public record StoredEvaluation(long id, String modelSha256, String deviceId, String datasetName, String datasetPath,
                               String datasetSha256, EvaluationResult result, Instant createdAt) {
}
