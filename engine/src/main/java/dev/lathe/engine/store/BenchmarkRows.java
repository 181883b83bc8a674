package dev.lathe.engine.store;

import dev.lathe.engine.bench.BenchmarkResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code benchmark_runs} table, with each run's raw samples in {@code benchmark_samples}: finished runs and runs
 * a device broke off, marked so. Called with the store's lock held.
 */
final class BenchmarkRows {
    private static final String COMPLETE = "complete";
    private static final String INTERRUPTED = "interrupted";

    private final ExperimentStore store;

    BenchmarkRows(ExperimentStore store) {
        this.store = store;
    }

    /** @param interruption why the device stopped before the run was done; empty for a finished run */
    StoredBenchmark add(String modelSha, BenchmarkResult result, Optional<String> interruption)
            throws StoreException {
        long now = System.currentTimeMillis();
        String sql = """
                INSERT INTO benchmark_runs (model_sha256, device_id, p50_ms, p99_ms, mean_ms, throughput, result_json,
                                            created_at, status, interruption)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """;
        return store.inTransaction("record the benchmark run", () -> {
            DeviceRows.record(store.connection(), result.device(), now);
            long id;
            try (PreparedStatement ps = store.connection().prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, modelSha);
                ps.setString(2, result.device().id());
                ps.setDouble(3, result.stats().p50Ms());
                ps.setDouble(4, result.stats().p99Ms());
                ps.setDouble(5, result.stats().meanMs());
                ps.setDouble(6, result.throughput());
                ps.setString(7, JsonColumns.write(withoutSamples(result)));
                ps.setLong(8, now);
                ps.setString(9, interruption.isPresent() ? INTERRUPTED : COMPLETE);
                ps.setString(10, interruption.orElse(null));
                ps.executeUpdate();
                id = ExperimentStore.generatedKey(ps);
            }
            try (PreparedStatement ps = store.connection().prepareStatement(
                    "INSERT INTO benchmark_samples (run_id, latencies_ns) VALUES (?, ?)")) {
                ps.setLong(1, id);
                ps.setBytes(2, LatencyBlob.encode(result.samplesNanos()));
                ps.executeUpdate();
            }
            return new StoredBenchmark(id, modelSha, result, Instant.ofEpochMilli(now), interruption);
        });
    }

    /** Newest first, finished and interrupted, each with its raw samples. */
    List<StoredBenchmark> of(String modelSha) throws StoreException {
        String sql = """
                SELECT r.id, r.result_json, r.created_at, r.status, r.interruption, s.latencies_ns FROM benchmark_runs r
                JOIN benchmark_samples s ON s.run_id = r.id WHERE r.model_sha256 = ? ORDER BY r.created_at DESC, r.id DESC
                """;
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
            ps.setString(1, modelSha);
            List<StoredBenchmark> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(runFrom(rs, modelSha));
                }
            }
            return out;
        } catch (SQLException e) {
            throw store.failure("read the benchmark runs", e);
        }
    }

    private static StoredBenchmark runFrom(ResultSet rs, String modelSha) throws SQLException, StoreException {
        BenchmarkResult r = JsonColumns.read(rs.getString("result_json"), BenchmarkResult.class);
        BenchmarkResult full = new BenchmarkResult(r.config(), r.inputShape(), r.stats(), r.throughput(),
                r.loadMillis(), r.peakRssBytes(), r.runtime(), r.device(), LatencyBlob.decode(rs.getBytes("latencies_ns")),
                r.startedAtEpochMillis());
        Optional<String> interruption = INTERRUPTED.equals(rs.getString("status"))
                ? Optional.of(Optional.ofNullable(rs.getString("interruption")).orElse("interrupted"))
                : Optional.empty();
        return new StoredBenchmark(rs.getLong("id"), modelSha, full, Instant.ofEpochMilli(rs.getLong("created_at")),
                interruption);
    }

    private static BenchmarkResult withoutSamples(BenchmarkResult r) {
        return new BenchmarkResult(r.config(), r.inputShape(), r.stats(), r.throughput(), r.loadMillis(),
                r.peakRssBytes(), r.runtime(), r.device(), new long[0], r.startedAtEpochMillis());
    }
}
