package dev.lathe.app;

import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.DeviceState;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The smallest device directory the window can start with: this computer only, running models in this process.
 * Stands in until the full directory (this computer's child agent, paired boards, discovery) is wired here; boards
 * are paired and used from the command line meanwhile.
 */
final class ThisComputerDirectory implements DeviceDirectory {
    private final DeviceEntry entry = new DeviceEntry(THIS_COMPUTER, "This computer", "in this process",
            DeviceState.ONLINE, "", Optional.empty());
    private final Device thisComputer;

    ThisComputerDirectory(Device thisComputer) {
        this.thisComputer = thisComputer;
    }

    @Override
    public List<DeviceEntry> entries() {
        return List.of(entry);
    }

    /** The list never changes, so the listener hears it once. */
    @Override
    public AutoCloseable watch(Consumer<List<DeviceEntry>> listener) {
        listener.accept(entries());
        return () -> { };
    }

    @Override
    public Device device(String key) throws DeviceException {
        if (!THIS_COMPUTER.equals(key)) {
            throw new DeviceException(key + " is not known here yet: run lathe pair " + key
                    + " --token TOKEN and benchmark on it with lathe bench --device " + key);
        }
        return thisComputer;
    }

    @Override
    public DeviceEntry pair(String host, int port, String token) throws DeviceException {
        throw new DeviceException("Pair " + host + ":" + port + " from the command line for now: lathe pair "
                + host + ":" + port + " --token " + token);
    }

    @Override
    public void close() {
    }
}
