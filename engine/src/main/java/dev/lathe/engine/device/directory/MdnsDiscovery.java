package dev.lathe.engine.device.directory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Browses the local network for agents announcing {@value LatheService#TYPE} (multicast DNS, jmDNS), on every
 * interface that carries multicast or on the addresses given. An agent that stops cleanly says goodbye and leaves the
 * list; one that vanishes without a goodbye leaves it once its port has refused every dial for a few seconds
 * ({@link AnnouncedAgents}), rather than when its records expire an hour later.
 */
public final class MdnsDiscovery implements Discovery {
    private static final Logger LOG = LoggerFactory.getLogger(MdnsDiscovery.class);

    /** How often each announced agent is dialled, and how long it may refuse before it leaves the list. */
    private static final Duration DIAL_EVERY = Duration.ofSeconds(3);
    private static final Duration SILENT_FOR = Duration.ofSeconds(10);

    private final List<InetAddress> addresses;
    private final List<JmDNS> browsers = new CopyOnWriteArrayList<>();
    private volatile AnnouncedAgents seen;
    private volatile boolean closed;

    public MdnsDiscovery(List<InetAddress> addresses) {
        this.addresses = List.copyOf(addresses);
    }

    /** Browses on every interface of this machine that carries multicast. */
    public static MdnsDiscovery onAllInterfaces() {
        return new MdnsDiscovery(NetworkInterfaces.multicastAddresses());
    }

    /** Opens the multicast sockets on a thread of its own: that takes a moment, and nobody should wait for it. */
    @Override
    public void start(Consumer<List<Announcement>> changes) {
        seen = new AnnouncedAgents(DIAL_EVERY, SILENT_FOR, changes);
        Thread t = new Thread(() -> {
            for (InetAddress address : addresses) {
                if (closed) {
                    return;
                }
                try {
                    JmDNS jmdns = JmDNS.create(address, "lathe-workbench");
                    browsers.add(jmdns);
                    jmdns.addServiceListener(LatheService.TYPE, listener(jmdns, seen));
                } catch (IOException e) {
                    LOG.warn("Cannot browse for Lathe agents on {}: {}", address, e.getMessage());
                }
            }
            if (closed) {
                close();
            }
        }, "lathe-mdns-browse");
        t.setDaemon(true);
        t.start();
    }

    private static ServiceListener listener(JmDNS jmdns, AnnouncedAgents seen) {
        return new ServiceListener() {
            @Override
            public void serviceAdded(ServiceEvent event) {
                jmdns.requestServiceInfo(event.getType(), event.getName(), 1000);
            }

            @Override
            public void serviceRemoved(ServiceEvent event) {
                seen.removed(event.getName());
            }

            @Override
            public void serviceResolved(ServiceEvent event) {
                announcement(event.getInfo()).ifPresent(a -> seen.resolved(event.getName(), a));
            }
        };
    }

    static Optional<Announcement> announcement(ServiceInfo info) {
        Inet4Address[] v4 = info.getInet4Addresses();
        String fingerprint = info.getPropertyString(LatheService.CERTIFICATE);
        if (v4.length == 0 || info.getPort() <= 0 || fingerprint == null) {
            return Optional.empty();
        }
        String protocol = info.getPropertyString(LatheService.PROTOCOL);
        return Optional.of(new Announcement(info.getName(), v4[0].getHostAddress(), info.getPort(),
                fingerprint, protocol == null ? "" : protocol));
    }

    @Override
    public void close() {
        closed = true;
        if (seen != null) {
            seen.close();
        }
        List<JmDNS> open = new ArrayList<>(browsers);
        browsers.clear();
        for (JmDNS jmdns : open) {
            try {
                jmdns.close();
            } catch (IOException e) {
                LOG.debug("Closing mDNS on {}: {}", jmdns, e.getMessage());
            }
        }
    }
}
