package dev.lathe.engine.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's schema, one step per version. PRAGMA user_version records how far a file has come; steps are only
 * ever appended, never edited, so every older file can be brought forward.
 */
final class Migrations {
    static final List<String> STEPS = List.of(
            """
            CREATE TABLE models (
              sha256 TEXT PRIMARY KEY,
              parent_sha256 TEXT REFERENCES models(sha256),
              name TEXT NOT NULL,
              path TEXT NOT NULL,
              format TEXT NOT NULL,
              file_bytes INTEGER NOT NULL,
              parameters INTEGER NOT NULL,
              summary_json TEXT NOT NULL,
              input_shape TEXT,
              added_at INTEGER NOT NULL,
              opened_at INTEGER NOT NULL
            );
            CREATE TABLE devices (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              fingerprint_json TEXT NOT NULL,
              first_seen INTEGER NOT NULL,
              last_seen INTEGER NOT NULL
            );
            CREATE TABLE evaluations (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              model_sha256 TEXT NOT NULL REFERENCES models(sha256),
              device_id TEXT NOT NULL REFERENCES devices(id),
              dataset_name TEXT NOT NULL,
              dataset_path TEXT NOT NULL,
              dataset_sha256 TEXT NOT NULL,
              samples INTEGER NOT NULL,
              top1 REAL NOT NULL,
              top5 REAL,
              result_json TEXT NOT NULL,
              created_at INTEGER NOT NULL
            );
            CREATE INDEX evaluations_by_model ON evaluations(model_sha256, created_at);
            CREATE TABLE benchmark_runs (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              model_sha256 TEXT NOT NULL REFERENCES models(sha256),
              device_id TEXT NOT NULL REFERENCES devices(id),
              p50_ms REAL NOT NULL,
              p99_ms REAL NOT NULL,
              mean_ms REAL NOT NULL,
              throughput REAL NOT NULL,
              result_json TEXT NOT NULL,
              created_at INTEGER NOT NULL
            );
            CREATE INDEX benchmark_runs_by_model ON benchmark_runs(model_sha256, created_at);
            CREATE TABLE benchmark_samples (
              run_id INTEGER PRIMARY KEY REFERENCES benchmark_runs(id) ON DELETE CASCADE,
              latencies_ns BLOB NOT NULL
            );
            """,
            """
            CREATE TABLE variants (
              sha256 TEXT PRIMARY KEY REFERENCES models(sha256),
              parent_sha256 TEXT NOT NULL REFERENCES models(sha256),
              recipe_name TEXT NOT NULL,
              step_index INTEGER NOT NULL,
              provenance_json TEXT NOT NULL,
              report_json TEXT NOT NULL,
              created_at INTEGER NOT NULL
            );
            CREATE INDEX variants_by_parent ON variants(parent_sha256, created_at);
            """,
            """
            ALTER TABLE benchmark_runs ADD COLUMN status TEXT NOT NULL DEFAULT 'complete'
              CHECK (status IN ('complete', 'interrupted'));
            ALTER TABLE benchmark_runs ADD COLUMN interruption TEXT;
            """,
            """
            CREATE TABLE runtime_copies (
              copy_sha256 TEXT PRIMARY KEY REFERENCES models(sha256),
              source_sha256 TEXT NOT NULL REFERENCES models(sha256),
              runtime TEXT NOT NULL,
              delegate TEXT,
              created_at INTEGER NOT NULL
            );
            CREATE INDEX runtime_copies_by_source ON runtime_copies(source_sha256, runtime);
            """);

    private Migrations() {
    }

    static int latest() {
        return STEPS.size();
    }

    /** Brings the file to the latest version in one transaction per step. */
    static void apply(Connection c, int from) throws SQLException {
        for (int v = from; v < STEPS.size(); v++) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : STEPS.get(v).split(";")) {
                    if (!sql.isBlank()) {
                        s.execute(sql);
                    }
                }
                s.execute("PRAGMA user_version = " + (v + 1));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
