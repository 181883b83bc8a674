package dev.lathe.engine.store;

import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.provenance.Provenance;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Variants with their provenance, in the experiment store's file and under its lock. A recipe's variants are added
 * in one transaction, so a failed run leaves none of them behind.
 */
public final class VariantStore {
    private final ExperimentStore store;

    VariantStore(ExperimentStore store) {
        this.store = store;
    }

    /**
     * A variant about to be stored: its summary, where its file is, how it was made and what changed, and the input
     * shape to remember for it (its parent's, for a format such as TorchScript that declares none).
     */
    public record NewVariant(ModelSummary summary, Path file, Provenance provenance, VariantReport report,
                             Optional<long[]> inputShape) {
        /** A variant whose input shape is its file's own business. */
        public NewVariant(ModelSummary summary, Path file, Provenance provenance, VariantReport report) {
            this(summary, file, provenance, report, Optional.empty());
        }
    }

    /**
     * Adds every variant (model row with its parent, then provenance) or none. A variant made before keeps the
     * provenance it was first stored with: the same file has one history.
     */
    public List<StoredVariant> add(List<NewVariant> variants) throws StoreException {
        synchronized (store) {
            store.inTransaction("record the variants", () -> {
                for (NewVariant v : variants) {
                    store.insertModel(v.summary(), v.file(), Optional.of(v.provenance().parentSha256()));
                    if (v.inputShape().isPresent()) {
                        store.setInputShape(v.summary().sha256(), v.inputShape().get());
                    }
                    insertVariant(v);
                }
                return null;
            });
            List<StoredVariant> out = new ArrayList<>();
            for (NewVariant v : variants) {
                out.add(variant(v.summary().sha256()).orElseThrow());
            }
            return out;
        }
    }

    private void insertVariant(NewVariant v) throws SQLException, StoreException {
        String sql = """
                INSERT INTO variants (sha256, parent_sha256, recipe_name, step_index, provenance_json, report_json, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(sha256) DO NOTHING
                """;
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
            ps.setString(1, v.summary().sha256());
            ps.setString(2, v.provenance().parentSha256());
            ps.setString(3, v.provenance().recipeName());
            ps.setInt(4, v.provenance().stepIndex());
            ps.setString(5, JsonColumns.write(v.provenance()));
            ps.setString(6, JsonColumns.write(v.report()));
            ps.setLong(7, v.provenance().createdAtEpochMillis());
            ps.executeUpdate();
        }
    }

    /** The variant with this hash, with its latest evaluation; empty for a model that is no variant. */
    public Optional<StoredVariant> variant(String sha256) throws StoreException {
        return query("SELECT * FROM variants WHERE sha256 = ?", sha256).stream().findFirst();
    }

    /** The variants made from a model, oldest first. */
    public List<StoredVariant> children(String parentSha256) throws StoreException {
        return query("SELECT * FROM variants WHERE parent_sha256 = ? ORDER BY created_at, sha256", parentSha256);
    }

    private List<StoredVariant> query(String sql, String arg) throws StoreException {
        synchronized (store) {
            List<String[]> rows = new ArrayList<>();
            try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
                ps.setString(1, arg);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new String[] {rs.getString("sha256"), rs.getString("provenance_json"), rs.getString("report_json")});
                    }
                }
            } catch (SQLException e) {
                throw store.failure("read the variants", e);
            }
            List<StoredVariant> out = new ArrayList<>();
            for (String[] row : rows) {
                out.add(new StoredVariant(store.model(row[0]).orElseThrow(), JsonColumns.read(row[1], Provenance.class),
                        JsonColumns.read(row[2], VariantReport.class), store.evaluations(row[0]).stream().findFirst()));
            }
            return out;
        }
    }
}
