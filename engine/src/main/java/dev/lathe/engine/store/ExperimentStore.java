package dev.lathe.engine.store;

import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One SQLite file holding every model, evaluation and benchmark run. Write-ahead logging and one transaction per
 * write keep the file readable after a crash; history is append-only. Safe to share between threads.
 */
public final class ExperimentStore implements AutoCloseable {
    private static final String COMPLETE = "complete";
    private static final String INTERRUPTED = "interrupted";

    private final Path file;
    private final Connection connection;

    private ExperimentStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    public static ExperimentStore open(Path file) throws StoreException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("PRAGMA foreign_keys = ON");
                int version = userVersion(s);
                if (version > Migrations.latest()) {
                    c.close();
                    throw new StoreException(file + " was written by a newer Lathe (schema " + version
                            + "); update Lathe to open it");
                }
                Migrations.apply(c, version);
            }
            return new ExperimentStore(file, c);
        } catch (SQLException e) {
            throw new StoreException(file + " cannot be opened as a Lathe store (" + e.getMessage()
                    + "). If it is damaged, move it aside and Lathe starts a new one.", e);
        } catch (java.io.IOException e) {
            throw new StoreException("Cannot create the folder for " + file + ": " + e.getMessage(), e);
        }
    }

    private static int userVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Adds a model, or notes that a known one was opened again. A known model keeps the file it was recorded with
     * while that file still exists (a variant's file in Lathe's data folder outlives the copies a user makes of it);
     * {@code path} is adopted only when the recorded file has gone.
     */
    public synchronized ModelRecord addModel(ModelSummary summary, Path path, Optional<String> parent) throws StoreException {
        Optional<ModelRecord> known = model(summary.sha256());
        Path keep = known.map(ModelRecord::path).filter(java.nio.file.Files::isRegularFile).orElse(path);
        try {
            insertModel(summary, keep, parent);
        } catch (SQLException e) {
            throw failure("record the model " + summary.fileName(), e);
        }
        return model(summary.sha256()).orElseThrow();
    }

    /** The insert behind {@link #addModel}, for callers that add a model inside a larger transaction. */
    void insertModel(ModelSummary summary, Path path, Optional<String> parent) throws SQLException, StoreException {
        long now = System.currentTimeMillis();
        String sql = """
                INSERT INTO models (sha256, parent_sha256, name, path, format, file_bytes, parameters, summary_json,
                                    added_at, opened_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(sha256) DO UPDATE SET path = excluded.path, opened_at = excluded.opened_at
                """;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, summary.sha256());
            ps.setString(2, parent.orElse(null));
            ps.setString(3, summary.fileName());
            ps.setString(4, path.toAbsolutePath().toString());
            ps.setString(5, summary.format().name());
            ps.setLong(6, summary.fileBytes());
            ps.setLong(7, summary.parameters());
            ps.setString(8, JsonColumns.write(summary));
            ps.setLong(9, now);
            ps.setLong(10, now);
            ps.executeUpdate();
        }
    }

    /** Variants and their provenance, kept in this same file and written under this store's lock. */
    public VariantStore variants() {
        return new VariantStore(this);
    }

    Connection connection() {
        return connection;
    }

    public synchronized void setInputShape(String sha256, long[] shape) throws StoreException {
        String text = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining("x"));
        try (PreparedStatement ps = connection.prepareStatement("UPDATE models SET input_shape = ? WHERE sha256 = ?")) {
            ps.setString(1, text);
            ps.setString(2, sha256);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("remember the input shape", e);
        }
    }

    /** Most recently opened first. */
    public synchronized List<ModelRecord> models() throws StoreException {
        return queryModels("SELECT * FROM models ORDER BY opened_at DESC", null);
    }

    public synchronized Optional<ModelRecord> model(String sha256) throws StoreException {
        return queryModels("SELECT * FROM models WHERE sha256 = ?", sha256).stream().findFirst();
    }

    private List<ModelRecord> queryModels(String sql, String arg) throws StoreException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            List<ModelRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(modelFrom(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read the models", e);
        }
    }

    private static ModelRecord modelFrom(ResultSet rs) throws SQLException, StoreException {
        String shape = rs.getString("input_shape");
        return new ModelRecord(rs.getString("sha256"), Optional.ofNullable(rs.getString("parent_sha256")),
                rs.getString("name"), Path.of(rs.getString("path")), ModelFormat.valueOf(rs.getString("format")),
                rs.getLong("file_bytes"), rs.getLong("parameters"), JsonColumns.read(rs.getString("summary_json"), ModelSummary.class),
                Optional.ofNullable(shape).map(ExperimentStore::parseShape), Instant.ofEpochMilli(rs.getLong("added_at")));
    }

    static long[] parseShape(String text) {
        return Arrays.stream(text.split("x")).mapToLong(Long::parseLong).toArray();
    }

    /** The device with this id as it was last seen by a stored evaluation or benchmark. */
    public synchronized Optional<DeviceFingerprint> device(String id) throws StoreException {
        try {
            return DeviceRows.find(connection, id);
        } catch (SQLException e) {
            throw failure("read the device " + id, e);
        }
    }

    public synchronized StoredEvaluation addEvaluation(String modelSha, DeviceFingerprint device, String datasetName,
                                                       Path datasetPath, String datasetSha, EvaluationResult result)
            throws StoreException {
        long now = System.currentTimeMillis();
        String sql = """
                INSERT INTO evaluations (model_sha256, device_id, dataset_name, dataset_path, dataset_sha256, samples,
                                         top1, top5, result_json, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """;
        return inTransaction("record the evaluation", () -> {
            DeviceRows.record(connection, device, now);
            try (PreparedStatement ps = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
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
                return new StoredEvaluation(generatedKey(ps), modelSha, device, datasetName,
                        datasetPath.toAbsolutePath().toString(), datasetSha, result, Instant.ofEpochMilli(now));
            }
        });
    }

    /** Newest first. */
    public synchronized List<StoredEvaluation> evaluations(String modelSha) throws StoreException {
        String sql = """
                SELECT e.*, d.fingerprint_json FROM evaluations e LEFT JOIN devices d ON d.id = e.device_id
                WHERE e.model_sha256 = ? ORDER BY e.created_at DESC, e.id DESC
                """;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, modelSha);
            List<StoredEvaluation> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredEvaluation(rs.getLong("id"), modelSha, device(rs.getString("device_id"),
                            rs.getString("fingerprint_json")),
                            rs.getString("dataset_name"), rs.getString("dataset_path"), rs.getString("dataset_sha256"),
                            JsonColumns.read(rs.getString("result_json"), EvaluationResult.class),
                            Instant.ofEpochMilli(rs.getLong("created_at"))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read the evaluations", e);
        }
    }

    public synchronized StoredBenchmark addBenchmark(String modelSha, BenchmarkResult result) throws StoreException {
        return insertBenchmark(modelSha, result, Optional.empty());
    }

    /**
     * Records a run the device did not finish: {@code result} holds the samples measured before {@code reason}
     * ended it. It shows in the model's history marked as interrupted, never as a finished run.
     */
    public synchronized StoredBenchmark addInterruptedBenchmark(String modelSha, BenchmarkResult result, String reason)
            throws StoreException {
        return insertBenchmark(modelSha, result, Optional.of(reason));
    }

    private StoredBenchmark insertBenchmark(String modelSha, BenchmarkResult result, Optional<String> interruption)
            throws StoreException {
        long now = System.currentTimeMillis();
        String sql = """
                INSERT INTO benchmark_runs (model_sha256, device_id, p50_ms, p99_ms, mean_ms, throughput, result_json,
                                            created_at, status, interruption)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """;
        return inTransaction("record the benchmark run", () -> {
            DeviceRows.record(connection, result.device(), now);
            long id;
            try (PreparedStatement ps = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
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
                id = generatedKey(ps);
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO benchmark_samples (run_id, latencies_ns) VALUES (?, ?)")) {
                ps.setLong(1, id);
                ps.setBytes(2, LatencyBlob.encode(result.samplesNanos()));
                ps.executeUpdate();
            }
            return new StoredBenchmark(id, modelSha, result, Instant.ofEpochMilli(now), interruption);
        });
    }

    /** Newest first, finished and interrupted, each with its raw samples. */
    public synchronized List<StoredBenchmark> benchmarks(String modelSha) throws StoreException {
        String sql = """
                SELECT r.id, r.result_json, r.created_at, r.status, r.interruption, s.latencies_ns FROM benchmark_runs r
                JOIN benchmark_samples s ON s.run_id = r.id WHERE r.model_sha256 = ? ORDER BY r.created_at DESC, r.id DESC
                """;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, modelSha);
            List<StoredBenchmark> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    BenchmarkResult r = JsonColumns.read(rs.getString("result_json"), BenchmarkResult.class);
                    BenchmarkResult full = new BenchmarkResult(r.config(), r.inputShape(), r.stats(), r.throughput(),
                            r.loadMillis(), r.peakRssBytes(), r.runtime(), r.device(), LatencyBlob.decode(rs.getBytes("latencies_ns")),
                            r.startedAtEpochMillis());
                    Optional<String> interruption = INTERRUPTED.equals(rs.getString("status"))
                            ? Optional.of(Optional.ofNullable(rs.getString("interruption")).orElse("interrupted"))
                            : Optional.empty();
                    out.add(new StoredBenchmark(rs.getLong("id"), modelSha, full,
                            Instant.ofEpochMilli(rs.getLong("created_at")), interruption));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read the benchmark runs", e);
        }
    }

    /** The device row's fingerprint; a row lost from the devices table reads as a device known by its id alone. */
    private static DeviceFingerprint device(String id, String fingerprintJson) throws StoreException {
        return fingerprintJson != null ? JsonColumns.read(fingerprintJson, DeviceFingerprint.class)
                : new DeviceFingerprint(id, id, "unknown CPU", 0, -1, "", "", "", "", null);
    }

    private static BenchmarkResult withoutSamples(BenchmarkResult r) {
        return new BenchmarkResult(r.config(), r.inputShape(), r.stats(), r.throughput(), r.loadMillis(),
                r.peakRssBytes(), r.runtime(), r.device(), new long[0], r.startedAtEpochMillis());
    }

    private static long generatedKey(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    interface Work<T> {
        T run() throws SQLException, StoreException;
    }

    <T> T inTransaction(String what, Work<T> work) throws StoreException {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run();
                connection.commit();
                return result;
            } catch (SQLException | StoreException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    StoreException failure(String what, SQLException e) {
        return new StoreException("Cannot " + what + " in " + file + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(ExperimentStore.class).warn("Closing {}", file, e);
        }
    }
}
