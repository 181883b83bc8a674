package dev.lathe.engine.device.directory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
 * list; one that vanishes stays until its record expires.
 */
public final class MdnsDiscovery implements Discovery {
    private static final Logger LOG = LoggerFactory.getLogger(MdnsDiscovery.class);

    private final List<InetAddress> addresses;
    private final List<JmDNS> browsers = new CopyOnWriteArrayList<>();
    private final Map<String, Announcement> seen = new ConcurrentHashMap<>();
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
        Thread t = new Thread(() -> {
            for (InetAddress address : addresses) {
                if (closed) {
                    return;
                }
                try {
                    JmDNS jmdns = JmDNS.create(address, "lathe-workbench");
                    browsers.add(jmdns);
                    jmdns.addServiceListener(LatheService.TYPE, listener(jmdns, changes));
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

    private ServiceListener listener(JmDNS jmdns, Consumer<List<Announcement>> changes) {
        return new ServiceListener() {
            @Override
            public void serviceAdded(ServiceEvent event) {
                jmdns.requestServiceInfo(event.getType(), event.getName(), 1000);
            }

            @Override
            public void serviceRemoved(ServiceEvent event) {
                if (seen.remove(event.getName()) != null) {
                    changes.accept(List.copyOf(seen.values()));
                }
            }

            @Override
            public void serviceResolved(ServiceEvent event) {
                announcement(event.getInfo()).ifPresent(a -> {
                    if (!a.equals(seen.put(event.getName(), a))) {
                        changes.accept(List.copyOf(seen.values()));
                    }
                });
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
