package dev.lathe.engine.device.directory;

import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.device.proto.DeviceDescription;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.PairedAgent;
import dev.lathe.engine.device.remote.RemoteDevice;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * One paired board and whether it answers. Each {@link #probe()} asks the agent what it runs on; a failure makes it
 * OFFLINE with the time it stopped answering, and the next answer brings it back without the user doing anything.
 * A failed connection is dropped rather than kept, so the next probe dials afresh instead of waiting out gRPC's
 * reconnect backoff (which grows to two minutes); a connection that only answered late is kept, because a board busy
 * with a benchmark may answer slowly, and dropping the connection would cancel that benchmark.
 */
final class PairedBoard {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private final PairedAgent agent;
    private final Duration deadline;
    private final Duration interval;
    private AgentClient client;
    private volatile RemoteDevice device;
    private LocalTime silentSince;
    private volatile DeviceEntry entry;
    private boolean closed;

    PairedBoard(PairedAgent agent, Duration deadline, Duration interval) {
        this.agent = agent;
        this.deadline = deadline;
        this.interval = interval;
        this.entry = new DeviceEntry(agent.address(), agent.host(), agent.address(), DeviceState.CONNECTING,
                "Connecting…", Optional.empty());
    }

    PairedAgent agent() {
        return agent;
    }

    DeviceEntry entry() {
        return entry;
    }

    /** Asks the agent once; returns the entry as it stands after the answer (or its absence). */
    synchronized DeviceEntry probe() {
        if (closed) {
            // Forgotten or paired again while a probe was queued: dialling now would leak a connection.
            return entry;
        }
        try {
            if (client == null) {
                client = AgentClient.connect(agent);
            }
            DeviceDescription description = client.describe(deadline);
            device = RemoteDevice.described(client, description, sample -> { });
            DeviceFingerprint fingerprint = device.describe();
            silentSince = null;
            entry = new DeviceEntry(agent.address(), fingerprint.name(), agent.address(), DeviceState.ONLINE, "",
                    Optional.of(fingerprint));
        } catch (DeviceException e) {
            if (!slow(e)) {
                drop();
            }
            if (silentSince == null) {
                silentSince = LocalTime.now();
            }
            entry = new DeviceEntry(agent.address(), entry.name(), agent.address(), DeviceState.OFFLINE,
                    "Not answering since " + silentSince.format(CLOCK) + "; retrying every "
                            + Math.max(1, interval.toSeconds()) + " s. " + e.getMessage(), entry.fingerprint());
        }
        return entry;
    }

    Device device() throws DeviceException {
        if (entry.state() != DeviceState.ONLINE || device == null) {
            throw new DeviceException(entry.name() + " (" + agent.address() + ") is offline: " + entry.detail()
                    + " Start its agent (native/agent/lathe-agent) or check the network; Lathe reconnects by itself.");
        }
        return device;
    }

    private static boolean slow(DeviceException e) {
        return e.getCause() instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED;
    }

    synchronized void close() {
        closed = true;
        drop();
    }

    private void drop() {
        if (client != null) {
            client.close();
        }
        client = null;
        device = null;
    }
}
