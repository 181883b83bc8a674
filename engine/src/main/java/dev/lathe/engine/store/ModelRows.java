package dev.lathe.engine.store;

import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code models} table: every model opened or made, by hash. Called with the store's lock held. */
final class ModelRows {
    private final ExperimentStore store;

    ModelRows(ExperimentStore store) {
        this.store = store;
    }

    /**
     * Adds a model, or notes that a known one was opened again. A known model keeps the file it was recorded with
     * while that file still exists (a variant's file in Lathe's data folder outlives the copies a user makes of it);
     * {@code path} is adopted only when the recorded file has gone.
     */
    ModelRecord add(ModelSummary summary, Path path, Optional<String> parent) throws StoreException {
        Optional<ModelRecord> known = find(summary.sha256());
        Path keep = known.map(ModelRecord::path).filter(Files::isRegularFile).orElse(path);
        try {
            insert(summary, keep, parent);
        } catch (SQLException e) {
            throw store.failure("record the model " + summary.fileName(), e);
        }
        return find(summary.sha256()).orElseThrow();
    }

    /** The insert behind {@link #add}, for callers that add a model inside a larger transaction. */
    void insert(ModelSummary summary, Path path, Optional<String> parent) throws SQLException, StoreException {
        long now = System.currentTimeMillis();
        String sql = """
                INSERT INTO models (sha256, parent_sha256, name, path, format, file_bytes, parameters, summary_json,
                                    added_at, opened_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(sha256) DO UPDATE SET path = excluded.path, opened_at = excluded.opened_at
                """;
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
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

    void setInputShape(String sha256, long[] shape) throws StoreException {
        String text = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining("x"));
        try (PreparedStatement ps = store.connection().prepareStatement(
                "UPDATE models SET input_shape = ? WHERE sha256 = ?")) {
            ps.setString(1, text);
            ps.setString(2, sha256);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw store.failure("remember the input shape", e);
        }
    }

    /** Most recently opened first. */
    List<ModelRecord> all() throws StoreException {
        return query("SELECT * FROM models ORDER BY opened_at DESC", null);
    }

    Optional<ModelRecord> find(String sha256) throws StoreException {
        return query("SELECT * FROM models WHERE sha256 = ?", sha256).stream().findFirst();
    }

    private List<ModelRecord> query(String sql, String arg) throws StoreException {
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
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
            throw store.failure("read the models", e);
        }
    }

    private static ModelRecord modelFrom(ResultSet rs) throws SQLException, StoreException {
        String shape = rs.getString("input_shape");
        return new ModelRecord(rs.getString("sha256"), Optional.ofNullable(rs.getString("parent_sha256")),
                rs.getString("name"), Path.of(rs.getString("path")), ModelFormat.valueOf(rs.getString("format")),
                rs.getLong("file_bytes"), rs.getLong("parameters"),
                JsonColumns.read(rs.getString("summary_json"), ModelSummary.class),
                Optional.ofNullable(shape).map(ModelRows::parseShape), Instant.ofEpochMilli(rs.getLong("added_at")));
    }

    static long[] parseShape(String text) {
        return Arrays.stream(text.split("x")).mapToLong(Long::parseLong).toArray();
    }
}
