package dev.lathe.engine.device.directory;

import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.device.remote.CertificateFingerprint;
import dev.lathe.engine.device.remote.PairedAgent;
import dev.lathe.engine.device.remote.PairedAgents;
import dev.lathe.engine.device.remote.Pairing;
import java.net.InetAddress;
import java.nio.file.Path;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device directory of a workbench: this computer's child agent, the boards paired in {@code devices.json}, each
 * asked every few seconds whether it answers, and the agents announced on the local network that are not paired.
 * {@code devices.json} is looked at on the same beat, so a board paired or forgotten by another writer ({@code lathe
 * pair} in a terminal while the app is open) is followed or dropped here too.
 * Probes run on the directory's own daemon threads; watchers are called on one thread, in order of the changes.
 */
public final class AgentDirectory implements DeviceDirectory {
    private static final long DISCOVERY_CLOSE_MS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(AgentDirectory.class);

    /** This computer's child agent: how to start it, where its files go, how to restart it. */
    public record ThisComputerSpec(AgentLauncher launcher, Path dataDir,
                                   Path pairingFile, Supervision supervision) {
    }

    /** How often a paired board is asked whether it answers, and how long an answer may take. */
    public record Probing(Duration interval, Duration deadline) {
        public static final Probing DEFAULT = new Probing(Duration.ofSeconds(3), Duration.ofSeconds(5));
    }

    private final PairedAgents paired;
    private final PairingsFile pairings;
    /** Serializes changes to the followed boards: pairing, forgetting, and following what another writer changed. */
    private final Object pairingLock = new Object();
    /** Addresses forgotten in this session, so asking for one says to pair it again. */
    private final Set<String> forgotten = ConcurrentHashMap.newKeySet();
    private final Probing probing;
    private final Optional<ThisComputer> thisComputer;
    private final Optional<Discovery> discovery;
    private final CopyOnWriteArrayList<PairedBoard> boards = new CopyOnWriteArrayList<>();
    private final Map<PairedBoard, ScheduledFuture<?>> probes = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<List<DeviceEntry>>> watchers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService notifier;
    private volatile List<Announcement> announced = List.of();
    private volatile List<DeviceEntry> lastSent = List.of();

    private AgentDirectory(PairedAgents paired, Probing probing, Optional<ThisComputerSpec> spec,
                           Optional<Discovery> discovery) {
        this.paired = paired;
        this.pairings = new PairingsFile(paired);
        this.probing = probing;
        this.discovery = discovery;
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("lathe-devices-probe"));
        this.notifier = Executors.newSingleThreadExecutor(daemon("lathe-devices"));
        this.thisComputer = spec.map(s -> new ThisComputer(s.launcher(), s.dataDir(), s.pairingFile(), s.supervision(),
                entry -> changed()));
    }

    /**
     * Starts everything in the background and returns at once: this computer's agent (CONNECTING until it answers),
     * a probe per paired board, and discovery when given.
     *
     * @throws DeviceException when the paired devices file cannot be read
     */
    public static AgentDirectory start(PairedAgents paired, Probing probing, Optional<ThisComputerSpec> thisComputer,
                                       Optional<Discovery> discovery) throws DeviceException {
        AgentDirectory directory = new AgentDirectory(paired, probing, thisComputer, discovery);
        for (PairedAgent agent : directory.pairings.read()) {
            directory.follow(new PairedBoard(agent, probing.deadline(), probing.interval()));
        }
        long every = probing.interval().toMillis();
        directory.scheduler.scheduleWithFixedDelay(directory::rereadPairings, every, every, TimeUnit.MILLISECONDS);
        directory.thisComputer.ifPresent(ThisComputer::start);
        discovery.ifPresent(d -> d.start(list -> {
            directory.announced = List.copyOf(list);
            directory.changed();
        }));
        return directory;
    }

    /** This computer's supervisor, for callers that need its process (tests) or its entry alone. */
    public Optional<ThisComputer> thisComputer() {
        return thisComputer;
    }

    @Override
    public List<DeviceEntry> entries() {
        List<DeviceEntry> entries = new ArrayList<>();
        thisComputer.ifPresent(t -> entries.add(t.entry()));
        Set<String> pins = boards.stream().map(b -> b.agent().certificateSha256()).collect(Collectors.toSet());
        Set<String> addresses = boards.stream().map(b -> b.agent().address()).collect(Collectors.toSet());
        boards.forEach(b -> entries.add(b.entry()));
        announced.stream()
                .filter(a -> !addresses.contains(a.address()) && !pins.contains(pin(a.certificateSha256())))
                .sorted(Comparator.comparing(Announcement::name))
                .forEach(a -> entries.add(new DeviceEntry(a.address(), a.name(), a.address(), DeviceState.DISCOVERED,
                        "On the local network, not paired: pair it with the token its agent printed.",
                        Optional.empty())));
        return List.copyOf(entries);
    }

    @Override
    public AutoCloseable watch(Consumer<List<DeviceEntry>> listener) {
        watchers.add(listener);
        notifier.execute(() -> listener.accept(entries()));
        return () -> watchers.remove(listener);
    }

    @Override
    public Device device(String key) throws DeviceException {
        if (key.equals(THIS_COMPUTER)) {
            return thisComputer.orElseThrow(() -> new DeviceException(ThisComputer.NAME
                    + "'s runner is not started in this session.")).device();
        }
        for (PairedBoard board : boards) {
            if (board.agent().address().equals(key)) {
                return board.device();
            }
        }
        if (forgotten.contains(key)) {
            throw new DeviceException(key + " was forgotten: to run on it again, pair it again with the token its "
                    + "agent printed (lathe pair " + key + " --token TOKEN).");
        }
        boolean discovered = announced.stream().anyMatch(a -> a.address().equals(key));
        throw new DeviceException(key + (discovered ? " is on the local network but not paired" : " is not paired")
                + ": pair it with the token its agent printed (lathe pair " + key + " --token TOKEN).");
    }

    @Override
    public Optional<String> certificateSha256(String key) {
        for (PairedBoard board : boards) {
            if (board.agent().address().equals(key)) {
                return Optional.of(board.agent().certificateSha256());
            }
        }
        return announced.stream().filter(a -> a.address().equals(key)).findFirst()
                .map(a -> pin(a.certificateSha256()));
    }

    @Override
    public DeviceEntry pair(String host, int port, String token) throws DeviceException {
        PairedAgent agent = Pairing.pair(host, port, token, clientName());
        PairedBoard board = new PairedBoard(agent, probing.deadline(), probing.interval());
        board.probe();
        synchronized (pairingLock) {
            try {
                paired.add(agent);
            } catch (DeviceException e) {
                board.close();
                throw e;
            }
            board(agent.address()).ifPresent(this::unfollow);
            follow(board);
        }
        return board.entry();
    }

    /**
     * Stops following the board paired at {@code key} and deletes its pairing from {@code devices.json}. The agent
     * keeps running; if it still announces itself on the local network it is listed again as discovered.
     */
    @Override
    public void forget(String key) throws DeviceException {
        boolean thisOne = key.equals(THIS_COMPUTER)
                || thisComputer.map(t -> t.entry().address().equals(key)).orElse(false);
        if (thisOne) {
            throw new DeviceException(ThisComputer.NAME + " cannot be forgotten: it is the workbench's own runner, "
                    + "not a paired board.");
        }
        synchronized (pairingLock) {
            Optional<PairedBoard> board = board(key);
            if (!paired.remove(key) && board.isEmpty()) {
                throw new DeviceException(key + " is not paired, so there is nothing to forget (lathe devices lists "
                        + "the paired boards).");
            }
            board.ifPresent(this::unfollow);
            forgotten.add(key);
        }
        changed();
    }

    /** Follows what another writer changed in devices.json: boards paired, paired again or forgotten there. */
    private void rereadPairings() {
        synchronized (pairingLock) {
            try {
                pairings.reread().ifPresent(this::followAll);
            } catch (DeviceException e) {
                LOG.warn("{} Keeping the boards listed before.", e.getMessage());
            }
        }
    }

    private void followAll(List<PairedAgent> agents) {
        Map<String, PairedAgent> now = new LinkedHashMap<>();
        agents.forEach(a -> now.put(a.address(), a));
        for (PairedBoard board : boards) {
            PairedAgent agent = now.remove(board.agent().address());
            if (agent == null) {
                unfollow(board);
                forgotten.add(board.agent().address());
            } else if (!agent.equals(board.agent())) {
                unfollow(board);
                follow(new PairedBoard(agent, probing.deadline(), probing.interval()));
            }
        }
        now.values().forEach(agent -> follow(new PairedBoard(agent, probing.deadline(), probing.interval())));
    }

    private Optional<PairedBoard> board(String address) {
        return boards.stream().filter(b -> b.agent().address().equals(address)).findFirst();
    }

    private void unfollow(PairedBoard board) {
        boards.remove(board);
        Optional.ofNullable(probes.remove(board)).ifPresent(p -> p.cancel(false));
        board.close();
        changed();
    }

    private void follow(PairedBoard board) {
        forgotten.remove(board.agent().address());
        boards.add(board);
        probes.put(board, scheduler.scheduleWithFixedDelay(() -> {
            board.probe();
            changed();
        }, 0, probing.interval().toMillis(), TimeUnit.MILLISECONDS));
        changed();
    }

    private void changed() {
        try {
            notifier.execute(() -> {
                List<DeviceEntry> now = entries();
                if (now.equals(lastSent)) {
                    return;
                }
                lastSent = now;
                for (Consumer<List<DeviceEntry>> w : watchers) {
                    try {
                        w.accept(now);
                    } catch (RuntimeException e) {
                        LOG.warn("A device list watcher failed", e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // Closed: nobody is listening any more.
        }
    }

    private static String pin(String fingerprint) {
        try {
            return CertificateFingerprint.normalize(fingerprint);
        } catch (IllegalArgumentException e) {
            return fingerprint;
        }
    }

    static String clientName() {
        try {
            return "lathe on " + InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "lathe";
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        probes.values().forEach(p -> p.cancel(true));
        scheduler.shutdownNow();
        // The runner first: a process left behind costs the user more than a goodbye packet JmDNS did not send.
        thisComputer.ifPresent(ThisComputer::close);
        boards.forEach(PairedBoard::close);
        discovery.ifPresent(AgentDirectory::closeBriefly);
        notifier.shutdownNow();
    }

    /** JmDNS takes a second or more to say goodbye on every interface; the app does not wait past half of one. */
    private static void closeBriefly(Discovery discovery) {
        Thread closing = new Thread(discovery::close, "lathe-discovery-close");
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(DISCOVERY_CLOSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
