package dev.lathe.engine.store;

import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.model.ModelSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * One SQLite file holding every model, evaluation and benchmark run. Write-ahead logging and one transaction per
 * write keep the file readable after a crash; history is append-only. Safe to share between threads.
 *
 * <p>This class owns the connection, its lock and its transactions; each table's reads and writes live in a small
 * class of their own ({@link ModelRows}, {@link EvaluationRows}, {@link BenchmarkRows}, {@link DeviceRows} and
 * {@link RuntimeCopyRows} and {@link VariantStore}), which this one calls with its lock held.
 */
public final class ExperimentStore implements AutoCloseable {
    private final Path file;
    private final Connection connection;
    private final ModelRows models = new ModelRows(this);
    private final EvaluationRows evaluations = new EvaluationRows(this);
    private final BenchmarkRows benchmarks = new BenchmarkRows(this);
    private final RuntimeCopyRows runtimeCopies = new RuntimeCopyRows(this);

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
    public synchronized ModelRecord addModel(ModelSummary summary, Path path, Optional<String> parent)
            throws StoreException {
        return models.add(summary, path, parent);
    }

    /** The insert behind {@link #addModel}, for callers that add a model inside a larger transaction. */
    void insertModel(ModelSummary summary, Path path, Optional<String> parent) throws SQLException, StoreException {
        models.insert(summary, path, parent);
    }

    /** Variants and their provenance, kept in this same file and written under this store's lock. */
    public VariantStore variants() {
        return new VariantStore(this);
    }

    Connection connection() {
        return connection;
    }

    public synchronized void setInputShape(String sha256, long[] shape) throws StoreException {
        models.setInputShape(sha256, shape);
    }

    /** Most recently opened first. */
    public synchronized List<ModelRecord> models() throws StoreException {
        return models.all();
    }

    public synchronized Optional<ModelRecord> model(String sha256) throws StoreException {
        return models.find(sha256);
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
        return evaluations.add(modelSha, device, datasetName, datasetPath, datasetSha, result);
    }

    /** Newest first. */
    public synchronized List<StoredEvaluation> evaluations(String modelSha) throws StoreException {
        return evaluations.of(modelSha);
    }

    public synchronized StoredBenchmark addBenchmark(String modelSha, BenchmarkResult result) throws StoreException {
        return benchmarks.add(modelSha, result, Optional.empty());
    }

    /**
     * Records a run the device did not finish: {@code result} holds the samples measured before {@code reason}
     * ended it. It shows in the model's history marked as interrupted, never as a finished run.
     */
    public synchronized StoredBenchmark addInterruptedBenchmark(String modelSha, BenchmarkResult result, String reason)
            throws StoreException {
        return benchmarks.add(modelSha, result, Optional.of(reason));
    }

    /** Newest first, finished and interrupted, each with its raw samples. */
    public synchronized List<StoredBenchmark> benchmarks(String modelSha) throws StoreException {
        return benchmarks.of(modelSha);
    }

    /**
     * Records that {@code link.copySha256()} was exported from {@code link.sourceSha256()} for another runtime; both
     * must be models of this store. A copy linked before keeps its first link.
     */
    public synchronized void linkRuntimeCopy(RuntimeCopyLink link) throws StoreException {
        runtimeCopies.link(link);
    }

    /** The copies exported from a model for other runtimes, oldest first. */
    public synchronized List<RuntimeCopyLink> runtimeCopies(String sourceSha) throws StoreException {
        return runtimeCopies.of(sourceSha);
    }

    /** What a model was exported from, when it is a copy made for another runtime. */
    public synchronized Optional<RuntimeCopyLink> runtimeCopySource(String copySha) throws StoreException {
        return runtimeCopies.sourceOf(copySha);
    }

    /**
     * A model's runs in every runtime: its own latest complete run on each device, in {@code ownRuntime} (the one
     * its format runs in), then each copy's, in the runtime the copy was made for.
     */
    public synchronized List<RuntimeRun> runsInRuntimes(ModelRecord source, String ownRuntime) throws StoreException {
        return runtimeCopies.runs(source, ownRuntime);
    }

    static long generatedKey(PreparedStatement ps) throws SQLException {
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
