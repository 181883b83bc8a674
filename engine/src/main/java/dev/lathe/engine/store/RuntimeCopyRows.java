package dev.lathe.engine.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code runtime_copies} table: which model each exported copy came from. Called with the store's lock held. */
final class RuntimeCopyRows {
    private final ExperimentStore store;

    RuntimeCopyRows(ExperimentStore store) {
        this.store = store;
    }

    /** Records the link; a copy already linked keeps its first record (the same file has one history). */
    void link(RuntimeCopyLink link) throws StoreException {
        String sql = """
                INSERT INTO runtime_copies (copy_sha256, source_sha256, runtime, delegate, created_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT(copy_sha256) DO NOTHING
                """;
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
            ps.setString(1, link.copySha256());
            ps.setString(2, link.sourceSha256());
            ps.setString(3, link.runtime());
            ps.setString(4, link.delegate().orElse(null));
            ps.setLong(5, System.currentTimeMillis());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw store.failure("record that " + link.copySha256() + " was exported from " + link.sourceSha256(), e);
        }
    }

    /** The copies exported from {@code sourceSha}, oldest first. */
    List<RuntimeCopyLink> of(String sourceSha) throws StoreException {
        return query("SELECT * FROM runtime_copies WHERE source_sha256 = ? ORDER BY created_at, copy_sha256",
                sourceSha);
    }

    /** What {@code copySha} was exported from, if it is a copy. */
    Optional<RuntimeCopyLink> sourceOf(String copySha) throws StoreException {
        return query("SELECT * FROM runtime_copies WHERE copy_sha256 = ?", copySha).stream().findFirst();
    }

    /**
     * The model's latest complete run on each device it ran on, then the same for each copy of it: what a table of
     * one model in every runtime shows.
     */
    List<RuntimeRun> runs(ModelRecord source, String ownRuntime) throws StoreException {
        List<RuntimeRun> out = new ArrayList<>(latestPerDevice(source, ownRuntime, Optional.empty()));
        for (RuntimeCopyLink link : of(source.sha256())) {
            Optional<ModelRecord> copy = store.model(link.copySha256());
            if (copy.isPresent()) {
                out.addAll(latestPerDevice(copy.get(), link.runtime(), link.delegate()));
            }
        }
        return out;
    }

    private List<RuntimeRun> latestPerDevice(ModelRecord model, String runtime, Optional<String> delegate)
            throws StoreException {
        Map<String, RuntimeRun> latest = new LinkedHashMap<>();
        for (StoredBenchmark b : store.benchmarks(model.sha256())) {
            if (b.complete()) {
                latest.putIfAbsent(b.result().device().id(), new RuntimeRun(runtime, delegate, model, b));
            }
        }
        return List.copyOf(latest.values());
    }

    private List<RuntimeCopyLink> query(String sql, String arg) throws StoreException {
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
            ps.setString(1, arg);
            List<RuntimeCopyLink> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RuntimeCopyLink(rs.getString("copy_sha256"), rs.getString("source_sha256"),
                            rs.getString("runtime"), Optional.ofNullable(rs.getString("delegate"))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw store.failure("read the runtime copies", e);
        }
    }
}
