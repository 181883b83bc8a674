package dev.lathe.engine.device.directory;

import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.device.proto.DeviceDescription;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.CertificateFingerprint;
import dev.lathe.engine.device.remote.PairedAgent;
import dev.lathe.engine.device.remote.PairedAgents;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.RemoteDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This computer as a device: the agent runs in a child process on loopback, so its figures come from the same code
 * path as a board's and a model that crashes a native runtime takes down only that process. The child is paired
 * automatically (its pairing is kept apart from the boards the user paired), restarted with backoff when it stops,
 * left stopped after repeated crashes, and stopped with this workbench: it also ends by itself when this workbench's
 * process goes away, because it watches the standard input this side holds open.
 */
public final class ThisComputer implements AutoCloseable {
    static final String NAME = DeviceFingerprint.THIS_COMPUTER;
    private static final Logger LOG = LoggerFactory.getLogger(ThisComputer.class);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Duration DESCRIBE_DEADLINE = Duration.ofSeconds(20);

    private final AgentLauncher launcher;
    private final Path dataDir;
    private final PairedAgents pairing;
    private final Supervision supervision;
    private final Consumer<DeviceEntry> changes;
    private final Thread thread;
    private volatile boolean closed;
    private volatile DeviceEntry entry;
    private volatile ChildAgentProcess child;
    private volatile AgentClient client;
    private volatile ActivityDevice device;

    /**
     * @param dataDir the agent's own folder (key, token, uploaded files, log)
     * @param pairingFile where this side keeps the credential the child issued, apart from the user's boards
     * @param changes told of every change of this computer's entry, on this computer's supervising thread
     */
    public ThisComputer(AgentLauncher launcher, Path dataDir, Path pairingFile, Supervision supervision,
                        Consumer<DeviceEntry> changes) {
        this.launcher = launcher;
        this.dataDir = dataDir;
        this.pairing = new PairedAgents(pairingFile);
        this.supervision = supervision;
        this.changes = changes;
        this.entry = entry("127.0.0.1", DeviceState.CONNECTING, "Starting this computer's runner…", Optional.empty());
        this.thread = new Thread(this::supervise, "lathe-this-computer");
        thread.setDaemon(true);
    }

    /** Starts the child in the background; the entry says CONNECTING until it answers. */
    public void start() {
        thread.start();
    }

    public DeviceEntry entry() {
        return entry;
    }

    /** The child agent's process while it runs, e.g. for a test that kills it. */
    public Optional<ProcessHandle> process() {
        ChildAgentProcess c = child;
        return c == null ? Optional.empty() : Optional.of(c.process.toHandle());
    }

    public Device device() throws DeviceException {
        ActivityDevice d = device;
        DeviceEntry e = entry;
        if (d == null || e.state() != DeviceState.ONLINE) {
            throw new DeviceException(NAME + " is not ready: " + (e.detail().isEmpty() ? "its runner is starting"
                    : e.detail()) + (e.state() == DeviceState.OFFLINE ? "" : " Try again in a few seconds."));
        }
        return d;
    }

    private void supervise() {
        Deque<Instant> stops = new ArrayDeque<>();
        String lastStop = "";
        while (!closed) {
            publish(DeviceState.CONNECTING, lastStop.isEmpty() ? "Starting this computer's runner…"
                    : lastStop + "; restarting.");
            String stop;
            String lastWords = "";
            try {
                ChildAgentProcess started = launch();
                publish(DeviceState.ONLINE, lastStop.isEmpty() ? "" : lastStop + "; restarted.");
                int code = started.process.waitFor();
                stop = "This computer's runner stopped (exit code " + code + ") at " + LocalTime.now().format(CLOCK)
                        + activity().map(a -> " while " + a).orElse("");
                lastWords = ChildAgentProcess.lastWords(stderrFile());
            } catch (InterruptedException e) {
                break;
            } catch (DeviceException e) {
                stop = "This computer's runner could not start at " + LocalTime.now().format(CLOCK) + ": "
                        + e.getMessage();
            } finally {
                disconnect();
            }
            if (closed) {
                break;
            }
            LOG.warn("{}{}", stop, lastWords);
            Instant now = Instant.now();
            stops.addLast(now);
            while (stops.peekFirst().isBefore(now.minus(supervision.crashWindow()))) {
                stops.removeFirst();
            }
            if (stops.size() >= supervision.maxCrashes()) {
                publish(DeviceState.OFFLINE, stop + ". It stopped " + stops.size() + " times within "
                        + supervision.crashWindow().toSeconds() + " s, so it is not restarted again: a model may be "
                        + "crashing its runtime. Restart Lathe to try again; the runner's log is "
                        + dataDir.resolve("lathe-agent.log") + ".");
                return;
            }
            lastStop = stop;
            publish(DeviceState.CONNECTING, stop + "; restarting.");
            try {
                Thread.sleep(supervision.backoff(stops.size()).toMillis());
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    /** Starts the child, pairs with it the first time (or again when it forgot us), and connects. */
    private ChildAgentProcess launch() throws DeviceException, InterruptedException {
        ChildAgentProcess started = ChildAgentProcess.start(launcher.childCommand(dataDir), stderrFile(),
                supervision.startTimeout());
        child = started;
        if (closed) {
            started.stop();
            throw new InterruptedException("closed");
        }
        String address = "127.0.0.1:" + started.port;
        entry = entry(address, DeviceState.CONNECTING, entry.detail(), entry.fingerprint());
        Optional<PairedAgent> saved = savedPairing(started);
        try {
            return connect(started, saved.orElseGet(() -> null));
        } catch (DeviceException e) {
            if (saved.isEmpty()) {
                started.stop();
                throw e;
            }
            LOG.info("This computer's runner refused the saved pairing ({}); pairing again", e.getMessage());
            return connect(started, null);
        }
    }

    private ChildAgentProcess connect(ChildAgentProcess started, PairedAgent saved)
            throws DeviceException, InterruptedException {
        PairedAgent agent = saved;
        if (agent == null) {
            agent = Pairing.pair("127.0.0.1", started.port, started.token, "this computer's workbench");
            for (PairedAgent old : pairing.all()) {
                pairing.remove(old.address());
            }
            pairing.add(agent);
        }
        AgentClient c = AgentClient.connect(agent);
        try {
            DeviceDescription description = c.describe(DESCRIBE_DEADLINE);
            client = c;
            device = new ActivityDevice(RemoteDevice.described(c, description, sample -> { }));
            entry = entry(agent.address(), entry.state(), entry.detail(), Optional.of(device.describe()));
            return started;
        } catch (DeviceException e) {
            c.close();
            throw e;
        }
    }

    /** The credential kept from an earlier run of the same agent (same certificate), moved to today's port. */
    private Optional<PairedAgent> savedPairing(ChildAgentProcess started) throws DeviceException {
        String fingerprint = CertificateFingerprint.normalize(started.fingerprint);
        List<PairedAgent> all = pairing.all();
        return all.stream().filter(a -> a.certificateSha256().equals(fingerprint)).findFirst()
                .map(a -> new PairedAgent("127.0.0.1", started.port, a.certificateSha256(), a.clientId(),
                        a.clientSecret()));
    }

    private Optional<String> activity() {
        ActivityDevice d = device;
        return d == null ? Optional.empty() : d.activity();
    }

    private void disconnect() {
        AgentClient c = client;
        client = null;
        device = null;
        if (c != null) {
            c.close();
        }
    }

    private Path stderrFile() {
        return dataDir.resolve("stderr.log");
    }

    private void publish(DeviceState state, String detail) {
        entry = entry(entry.address(), state, detail, entry.fingerprint());
        changes.accept(entry);
    }

    private static DeviceEntry entry(String address, DeviceState state, String detail,
                                     Optional<DeviceFingerprint> fingerprint) {
        return new DeviceEntry(DeviceDirectory.THIS_COMPUTER, NAME, address, state, detail, fingerprint);
    }

    /** Stops the child and waits for it, so no agent outlives the workbench's window. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        disconnect();
        ChildAgentProcess c = child;
        if (c != null) {
            try {
                c.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
