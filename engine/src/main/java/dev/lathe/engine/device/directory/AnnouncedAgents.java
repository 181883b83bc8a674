package dev.lathe.engine.device.directory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents announced on the local network, listed while they answer. An agent killed without a goodbye
 * ({@code kill -9}, power cut) leaves its records in the browser's cache for their whole time to live, which jmDNS
 * sets to one hour; an entry nobody can pair would stay that long. So every announced agent's port is dialled every
 * few seconds, and one that has not accepted a connection for {@code silentFor} leaves the list. It comes back as
 * soon as it accepts one again (restarted on the same port, its records unchanged, it need not be announced anew).
 */
final class AnnouncedAgents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnnouncedAgents.class);
    private static final int DIAL_TIMEOUT_MS = 2000;

    private final Duration silentFor;
    private final Consumer<List<Announcement>> changes;
    private final Map<String, Announcement> announced = new HashMap<>();
    private final Map<String, Long> answeredAt = new HashMap<>();
    private final ScheduledExecutorService dialler;
    private List<Announcement> listed = List.of();

    AnnouncedAgents(Duration every, Duration silentFor, Consumer<List<Announcement>> changes) {
        this.silentFor = silentFor;
        this.changes = changes;
        this.dialler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lathe-mdns-dial");
            t.setDaemon(true);
            return t;
        });
        dialler.scheduleWithFixedDelay(this::dialAll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code name} was announced (again, or with other records): it counts as answering now. */
    synchronized void resolved(String name, Announcement announcement) {
        announced.put(name, announcement);
        answeredAt.put(name, System.nanoTime());
        publish();
    }

    /** {@code name} said goodbye, or its records expired. */
    synchronized void removed(String name) {
        announced.remove(name);
        answeredAt.remove(name);
        publish();
    }

    private void dialAll() {
        try {
            dialEach();
        } catch (RuntimeException e) {
            // Thrown out of a scheduled task, it would stop the dialling for good.
            LOG.warn("Checking the announced agents failed", e);
        }
    }

    private void dialEach() {
        Map<String, Announcement> now;
        synchronized (this) {
            now = Map.copyOf(announced);
        }
        now.forEach((name, a) -> {
            if (answers(a)) {
                synchronized (this) {
                    if (a.equals(announced.get(name))) {
                        answeredAt.put(name, System.nanoTime());
                    }
                }
            }
        });
        synchronized (this) {
            publish();
        }
    }

    private static boolean answers(Announcement a) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(a.host(), a.port()), DIAL_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void publish() {
        long now = System.nanoTime();
        List<Announcement> answering = announced.entrySet().stream()
                .filter(e -> now - answeredAt.get(e.getKey()) <= silentFor.toNanos())
                .map(Map.Entry::getValue).sorted(Comparator.comparing(Announcement::name)).toList();
        if (!answering.equals(listed)) {
            listed = answering;
            changes.accept(answering);
        }
    }

    @Override
    public void close() {
        dialler.shutdownNow();
    }
}
