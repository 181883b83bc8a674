package dev.lathe.engine.device.directory;

import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A directory of this computer alone, for a command-line run on this computer: its child agent starts at once, no
 * paired board is probed and nothing is discovered. Pairing belongs to the full directory.
 */
public final class ThisComputerDirectory implements DeviceDirectory {
    private final ThisComputer thisComputer;
    private final CopyOnWriteArrayList<Consumer<List<DeviceEntry>>> watchers = new CopyOnWriteArrayList<>();

    private ThisComputerDirectory(AgentDirectory.ThisComputerSpec spec) {
        this.thisComputer = new ThisComputer(spec.launcher(), spec.dataDir(), spec.pairingFile(), spec.supervision(),
                entry -> watchers.forEach(w -> w.accept(List.of(entry))));
    }

    /** Starts this computer's agent in the background and returns at once. */
    public static ThisComputerDirectory start(AgentDirectory.ThisComputerSpec spec) {
        ThisComputerDirectory directory = new ThisComputerDirectory(spec);
        directory.thisComputer.start();
        return directory;
    }

    @Override
    public List<DeviceEntry> entries() {
        return List.of(thisComputer.entry());
    }

    /** Calls {@code listener} now on a thread of its own, then on the supervising thread at each change. */
    @Override
    public AutoCloseable watch(Consumer<List<DeviceEntry>> listener) {
        watchers.add(listener);
        Thread now = new Thread(() -> listener.accept(entries()), "lathe-this-computer-watch");
        now.setDaemon(true);
        now.start();
        return () -> watchers.remove(listener);
    }

    /** The child agent's process while it runs (e.g. for a test that kills it). */
    public Optional<ProcessHandle> thisComputerProcess() {
        return thisComputer.process();
    }

    @Override
    public Device device(String key) throws DeviceException {
        if (!key.equals(THIS_COMPUTER)) {
            throw new DeviceException(key + " is not this computer; pass --device " + key + " for a paired board.");
        }
        return thisComputer.device();
    }

    @Override
    public DeviceEntry pair(String host, int port, String token) throws DeviceException {
        throw new DeviceException("Pair boards with lathe pair " + host + ":" + port + " --token TOKEN.");
    }

    @Override
    public void forget(String key) throws DeviceException {
        throw new DeviceException(key.equals(THIS_COMPUTER) ? "This computer cannot be forgotten: it is the "
                + "workbench's own runner, not a paired board." : "Forget boards with lathe forget " + key + ".");
    }

    @Override
    public void close() {
        thisComputer.close();
    }
}
