package dev.lathe.engine.device;

import dev.lathe.engine.hardware.DeviceFingerprint;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the device list.
 *
 * @param key         how to ask the directory for it: {@link DeviceDirectory#THIS_COMPUTER} or {@code host:port}
 * @param name        what to call it: the board's host name, or "This computer"
 * @param address     {@code host:port} where its agent listens
 * @param state       whether runs can start on it now
 * @param detail      one sentence for the user, e.g. why it is offline or that it was restarted; empty if none
 * @param fingerprint what it runs on, once it has answered at least once
 */
public record DeviceEntry(String key, String name, String address, DeviceState state, String detail,
                          Optional<DeviceFingerprint> fingerprint) {
    public DeviceEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    public boolean isThisComputer() {
        return key.equals(DeviceDirectory.THIS_COMPUTER);
    }
}
