package dev.lathe.engine.device;

import dev.lathe.engine.hardware.DeviceFingerprint;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * This computer alone, running models in this process: for tests and tools that need no runner, and for the window
 * when its runner cannot start at all (then the entry is offline and says why, and runs on this computer still
 * happen, inside the workbench). No board can be paired here.
 */
final class InProcessDirectory implements DeviceDirectory {
    private static final String NAME = DeviceFingerprint.THIS_COMPUTER;

    private final Device thisComputer;
    private final Optional<String> unavailable;

    private InProcessDirectory(Device thisComputer, Optional<String> unavailable) {
        this.thisComputer = thisComputer;
        this.unavailable = unavailable;
    }

    static InProcessDirectory online(Device thisComputer) {
        return new InProcessDirectory(thisComputer, Optional.empty());
    }

    /** This computer listed as offline for {@code reason}, which every request to a device answers with. */
    static InProcessDirectory unavailable(Device thisComputer, String reason) {
        return new InProcessDirectory(thisComputer, Optional.of(reason));
    }

    @Override
    public List<DeviceEntry> entries() {
        return List.of(new DeviceEntry(THIS_COMPUTER, NAME, "127.0.0.1", unavailable.isPresent() ? DeviceState.OFFLINE
                : DeviceState.ONLINE, unavailable.orElse(""), Optional.empty()));
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
        if (unavailable.isPresent()) {
            throw new DeviceException(unavailable.get());
        }
        if (!key.equals(THIS_COMPUTER)) {
            throw new DeviceException(key + " is not a device of this workbench: it runs on this computer alone.");
        }
        return thisComputer;
    }

    @Override
    public DeviceEntry pair(String host, int port, String token) throws DeviceException {
        throw new DeviceException(unavailable.orElse("This workbench runs on this computer alone: it pairs no board."));
    }

    @Override
    public void forget(String key) throws DeviceException {
        throw new DeviceException(unavailable.orElse(key + " is not a paired board: this workbench runs on this "
                + "computer alone."));
    }

    @Override
    public void close() {
    }
}
