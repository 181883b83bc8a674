package dev.lathe.engine.device.directory;

import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.device.DirectoryDevice;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.PairedAgent;
import dev.lathe.engine.device.remote.PairedAgents;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.RemoteDevice;
import dev.lathe.engine.hardware.DeviceFingerprint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The devices of one command-line run: this computer's runner, started on first use and stopped with the run, and
 * the boards paired in {@code devices.json}, each reached when the run names it and kept connected until the run
 * ends. Nothing is probed in the background and nothing is discovered: {@link #entries()} asks every paired board
 * whether it answers, and waits for the answers.
 */
final class OnDemandDirectory implements DeviceDirectory {
    private final PairedAgents paired;
    private final DirectoryDevice runner;
    private final Map<String, Connection> connected = new LinkedHashMap<>();
    private final List<Consumer<List<DeviceEntry>>> watchers = new CopyOnWriteArrayList<>();

    private record Connection(AgentClient client, RemoteDevice device) {
    }

    OnDemandDirectory(PairedAgents paired, DirectoryDevice runner) {
        this.paired = paired;
        this.runner = runner;
    }

    /** As {@link #entriesNow()}; with the paired boards unreadable, this computer alone. */
    @Override
    public List<DeviceEntry> entries() {
        try {
            return entriesNow();
        } catch (DeviceException e) {
            return List.of(thisComputer());
        }
    }

    /** This computer as its runner stands, then every paired board, online with what it runs on or offline saying why. */
    @Override
    public List<DeviceEntry> entriesNow() throws DeviceException {
        List<PairedAgent> agents = paired.all();
        List<DeviceEntry> entries = new ArrayList<>();
        entries.add(thisComputer());
        for (PairedAgent agent : agents) {
            String address = agent.address();
            try {
                DeviceFingerprint d = device(address).describe();
                entries.add(new DeviceEntry(address, d.name(), address, DeviceState.ONLINE, "", Optional.of(d)));
            } catch (DeviceException e) {
                entries.add(new DeviceEntry(address, agent.host(), address, DeviceState.OFFLINE, e.getMessage(),
                        Optional.empty()));
            }
        }
        return List.copyOf(entries);
    }

    private DeviceEntry thisComputer() {
        return runner.entry().orElse(new DeviceEntry(THIS_COMPUTER, ThisComputer.NAME, "127.0.0.1",
                DeviceState.CONNECTING, "Its runner starts with the first run on this computer.", Optional.empty()));
    }

    /** Calls {@code listener} now on a thread of its own, and again after each pairing or forgetting. */
    @Override
    public AutoCloseable watch(Consumer<List<DeviceEntry>> listener) {
        watchers.add(listener);
        Thread now = new Thread(() -> listener.accept(entries()), "lathe-devices");
        now.setDaemon(true);
        now.start();
        return () -> watchers.remove(listener);
    }

    @Override
    public Device device(String key) throws DeviceException {
        if (key.equals(THIS_COMPUTER)) {
            return runner;
        }
        synchronized (connected) {
            Connection known = connected.get(key);
            if (known != null) {
                return known.device();
            }
            PairedAgent agent = paired.find(key).orElseThrow(() -> new DeviceException(key + " is not paired: run "
                    + "lathe pair " + key + " --token TOKEN with the token the agent printed, or see lathe devices"));
            AgentClient client = AgentClient.connect(agent);
            try {
                RemoteDevice device = RemoteDevice.connect(client, sample -> { });
                connected.put(key, new Connection(client, device));
                return device;
            } catch (DeviceException e) {
                client.close();
                throw e;
            }
        }
    }

    @Override
    public Optional<String> certificateSha256(String key) {
        try {
            return paired.find(key).map(PairedAgent::certificateSha256);
        } catch (DeviceException e) {
            return Optional.empty();
        }
    }

    @Override
    public DeviceEntry pair(String host, int port, String token) throws DeviceException {
        PairedAgent agent = Pairing.pair(host, port, token, AgentDirectory.clientName());
        paired.add(agent);
        disconnect(agent.address());
        changed();
        return new DeviceEntry(agent.address(), agent.host(), agent.address(), DeviceState.ONLINE, "",
                Optional.empty());
    }

    @Override
    public void forget(String key) throws DeviceException {
        if (key.equals(THIS_COMPUTER)) {
            throw new DeviceException(ThisComputer.NAME + " cannot be forgotten: it is the workbench's own runner, "
                    + "not a paired board.");
        }
        if (!paired.remove(key)) {
            List<PairedAgent> all = paired.all();
            throw new DeviceException(key + " is not paired, so there is nothing to forget" + (all.isEmpty()
                    ? "; no agent is paired." : "; paired: " + all.stream().map(PairedAgent::address)
                    .collect(Collectors.joining(", ")) + "."));
        }
        disconnect(key);
        changed();
    }

    private void disconnect(String key) {
        synchronized (connected) {
            Optional.ofNullable(connected.remove(key)).ifPresent(c -> c.client().close());
        }
    }

    private void changed() {
        if (!watchers.isEmpty()) {
            List<DeviceEntry> now = entries();
            watchers.forEach(w -> w.accept(now));
        }
    }

    /** Drops the boards' connections and stops this computer's runner if this run started it. */
    @Override
    public void close() {
        synchronized (connected) {
            connected.values().forEach(c -> c.client().close());
            connected.clear();
        }
        runner.close();
    }
}
