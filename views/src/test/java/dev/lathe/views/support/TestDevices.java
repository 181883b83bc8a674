package dev.lathe.views.support;

import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.device.directory.AgentDirectory;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.PairedAgent;
import dev.lathe.engine.device.remote.PairedAgents;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.RemoteDevice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Device directories for tests. An instance is a small real directory: this computer (in-process) plus the agents paired through it, each
 * reached over TLS like the app reaches a board. No discovery and no health probes: entries are online until the
 * test says otherwise.
 */
public final class TestDevices implements DeviceDirectory {
    private final Map<String, DeviceEntry> entries = new LinkedHashMap<>();
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final List<AgentClient> clients = new ArrayList<>();
    private final List<Consumer<List<DeviceEntry>>> watchers = new CopyOnWriteArrayList<>();

    private TestDevices() {
    }

    /**
     * The app's directory with nothing paired and no child agent (so no "This computer" entry either): what a
     * workbench shows before its runner has started. Close it after the test.
     */
    public static AgentDirectory none(Path dir) {
        try {
            return AgentDirectory.start(new PairedAgents(dir.resolve("devices.json")), AgentDirectory.Probing.DEFAULT,
                    Optional.empty(), Optional.empty());
        } catch (DeviceException e) {
            throw new IllegalStateException(e);
        }
    }

    /** No device until agents are paired: for a wall of boards only. */
    public static TestDevices boardsOnly() {
        return new TestDevices();
    }

    public static TestDevices thisComputerOnly(Device thisComputer) {
        return new TestDevices().addThisComputer(thisComputer);
    }

    /** Lists {@code thisComputer} (call before pairing, so that it comes first, as in the app). */
    public TestDevices addThisComputer(Device thisComputer) {
        add(THIS_COMPUTER, "This computer", "local", thisComputer);
        return this;
    }

    private synchronized void add(String key, String name, String address, Device device) {
        entries.put(key, new DeviceEntry(key, name, address, DeviceState.ONLINE, "", Optional.empty()));
        devices.put(key, device);
    }

    @Override
    public synchronized List<DeviceEntry> entries() {
        return List.copyOf(entries.values());
    }

    @Override
    public AutoCloseable watch(Consumer<List<DeviceEntry>> listener) {
        watchers.add(listener);
        listener.accept(entries());
        return () -> watchers.remove(listener);
    }

    @Override
    public synchronized Device device(String key) throws DeviceException {
        Device d = devices.get(key);
        if (d == null || entries.get(key).state() != DeviceState.ONLINE) {
            throw new DeviceException(key + " is not online");
        }
        return d;
    }

    @Override
    public DeviceEntry pair(String host, int port, String token) throws DeviceException {
        PairedAgent agent = Pairing.pair(host, port, token, "lathe views test");
        AgentClient client = AgentClient.connect(agent);
        RemoteDevice device = RemoteDevice.connect(client, sample -> { });
        synchronized (this) {
            clients.add(client);
            add(agent.address(), device.describe().name(), agent.address(), device);
        }
        changed();
        return entries.get(agent.address());
    }

    @Override
    public void forget(String key) throws DeviceException {
        synchronized (this) {
            if (key.equals(THIS_COMPUTER) || entries.remove(key) == null) {
                throw new DeviceException(key + " is not a paired board");
            }
            devices.remove(key);
        }
        changed();
    }

    /** Marks a device as gone, as a directory does when a board stops answering. */
    public void goOffline(String key) {
        synchronized (this) {
            DeviceEntry e = entries.get(key);
            entries.put(key, new DeviceEntry(key, e.name(), e.address(), DeviceState.OFFLINE, "stopped answering",
                    e.fingerprint()));
        }
        changed();
    }

    private void changed() {
        List<DeviceEntry> now = entries();
        watchers.forEach(w -> w.accept(now));
    }

    @Override
    public synchronized void close() {
        clients.forEach(AgentClient::close);
        clients.clear();
    }
}
