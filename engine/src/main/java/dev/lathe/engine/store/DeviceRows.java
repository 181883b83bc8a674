package dev.lathe.engine.store;

import dev.lathe.engine.hardware.DeviceFingerprint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The {@code devices} table: one row per device id with its fingerprint as last seen. The fingerprint is replaced
 * when the device is seen again, so a board whose agent was updated to report more (its int8 path) is described
 * fully from then on; each benchmark run keeps the fingerprint it ran with in its own row.
 */
final class DeviceRows {
    private DeviceRows() {
    }

    static void record(Connection connection, DeviceFingerprint device, long now) throws SQLException, StoreException {
        try (PreparedStatement ps = connection.prepareStatement("""
                INSERT INTO devices (id, name, fingerprint_json, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, fingerprint_json = excluded.fingerprint_json,
                                              last_seen = excluded.last_seen
                """)) {
            ps.setString(1, device.id());
            ps.setString(2, device.name());
            ps.setString(3, JsonColumns.write(device));
            ps.setLong(4, now);
            ps.setLong(5, now);
            ps.executeUpdate();
        }
    }

    /** A row written before a field existed reads with that field's default (an int8 path of "other"). */
    static Optional<DeviceFingerprint> find(Connection connection, String id) throws SQLException, StoreException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT fingerprint_json FROM devices WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(JsonColumns.read(rs.getString(1), DeviceFingerprint.class)) : Optional.empty();
            }
        }
    }

    /** The device row's fingerprint; a row lost from the devices table reads as a device known by its id alone. */
    static DeviceFingerprint orKnownById(String id, String fingerprintJson) throws StoreException {
        return fingerprintJson != null ? JsonColumns.read(fingerprintJson, DeviceFingerprint.class)
                : new DeviceFingerprint(id, id, "unknown CPU", 0, -1, "", "", "", List.of(), null, null);
    }
}
