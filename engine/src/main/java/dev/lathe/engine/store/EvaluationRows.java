package dev.lathe.engine.store;

import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.hardware.DeviceFingerprint;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code evaluations} table, each row with the device it ran on. Called with the store's lock held. */
final class EvaluationRows {
    private final ExperimentStore store;

    EvaluationRows(ExperimentStore store) {
        this.store = store;
    }

    StoredEvaluation add(String modelSha, DeviceFingerprint device, String datasetName, Path datasetPath,
                         String datasetSha, EvaluationResult result) throws StoreException {
        long now = System.currentTimeMillis();
        String sql = """
                INSERT INTO evaluations (model_sha256, device_id, dataset_name, dataset_path, dataset_sha256, samples,
                                         top1, top5, result_json, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """;
        return store.inTransaction("record the evaluation", () -> {
            DeviceRows.record(store.connection(), device, now);
            try (PreparedStatement ps = store.connection().prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, modelSha);
                ps.setString(2, device.id());
                ps.setString(3, datasetName);
                ps.setString(4, datasetPath.toAbsolutePath().toString());
                ps.setString(5, datasetSha);
                ps.setInt(6, result.samples());
                ps.setDouble(7, result.top1());
                ps.setObject(8, result.top5().orElse(null));
                ps.setString(9, JsonColumns.write(result));
                ps.setLong(10, now);
                ps.executeUpdate();
                return new StoredEvaluation(ExperimentStore.generatedKey(ps), modelSha, device, datasetName,
                        datasetPath.toAbsolutePath().toString(), datasetSha, result, Instant.ofEpochMilli(now));
            }
        });
    }

    /** Newest first. */
    List<StoredEvaluation> of(String modelSha) throws StoreException {
        String sql = """
                SELECT e.*, d.fingerprint_json FROM evaluations e LEFT JOIN devices d ON d.id = e.device_id
                WHERE e.model_sha256 = ? ORDER BY e.created_at DESC, e.id DESC
                """;
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
            ps.setString(1, modelSha);
            List<StoredEvaluation> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredEvaluation(rs.getLong("id"), modelSha, DeviceRows.orKnownById(
                            rs.getString("device_id"), rs.getString("fingerprint_json")),
                            rs.getString("dataset_name"), rs.getString("dataset_path"), rs.getString("dataset_sha256"),
                            JsonColumns.read(rs.getString("result_json"), EvaluationResult.class),
                            Instant.ofEpochMilli(rs.getLong("created_at"))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw store.failure("read the evaluations", e);
        }
    }
}
