package dev.lathe.app.devices;

import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.DeviceState;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the Devices list shows when the directory could not start (the agent's classes missing from a broken build,
 * an unreadable devices.json): this computer, offline, with the reason, so the window still opens and says why.
 */
final class UnavailableDirectory implements DeviceDirectory {
    private final String reason;

    UnavailableDirectory(String reason) {
        this.reason = reason;
    }

    @Override
    public List<DeviceEntry> entries() {
        return List.of(new DeviceEntry(THIS_COMPUTER, "This computer", "127.0.0.1", DeviceState.OFFLINE, reason,
                Optional.empty()));
    }

    @Override
    public AutoCloseable watch(Consumer<List<DeviceEntry>> listener) {
        Thread t = new Thread(() -> listener.accept(entries()), "lathe-devices");
        t.setDaemon(true);
        t.start();
        return () -> { };
    }

    @Override
    public Device device(String key) throws DeviceException {
        throw new DeviceException(reason);
    }

    @Override
    public DeviceEntry pair(String host, int port, String token) throws DeviceException {
        throw new DeviceException(reason);
    }

    @Override
    public void forget(String key) throws DeviceException {
        throw new DeviceException(reason);
    }

    @Override
    public void close() {
    }
}
