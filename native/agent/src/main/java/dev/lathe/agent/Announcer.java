package dev.lathe.agent;

import dev.lathe.engine.device.HostProbe;
import dev.lathe.engine.device.directory.LatheService;
import dev.lathe.engine.device.directory.NetworkInterfaces;
import dev.lathe.engine.device.remote.ProtocolVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces the agent on the local network ({@value LatheService#TYPE}, multicast DNS) so a workbench lists it
 * without anyone typing its address: the service is named after the host, and its TXT record carries the protocol
 * version and the certificate fingerprint, which the user compares with the one pairing shows.
 */
final class Announcer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);

    private final List<JmDNS> announcers = new CopyOnWriteArrayList<>();

    /** Where to announce: the address listened on, or every multicast interface when listening on all of them. */
    static List<InetAddress> addresses(InetAddress bind) {
        return bind.isAnyLocalAddress() ? NetworkInterfaces.multicastAddresses() : List.of(bind);
    }

    /** Registers in the background: multicast DNS probes the name first, which takes a couple of seconds. */
    static Announcer start(List<InetAddress> addresses, int port, String fingerprint, String version) {
        Announcer announcer = new Announcer();
        Thread t = new Thread(() -> {
            String name = HostProbe.hostName();
            for (InetAddress address : addresses) {
                try {
                    JmDNS jmdns = JmDNS.create(address, name);
                    announcer.announcers.add(jmdns);
                    jmdns.registerService(ServiceInfo.create(LatheService.TYPE, name, port, 0, 0, Map.of(
                            LatheService.PROTOCOL, ProtocolVersion.CURRENT,
                            LatheService.CERTIFICATE, fingerprint,
                            LatheService.VERSION, version)));
                    LOG.info("Announced {} as {} on {}:{}", LatheService.TYPE, name, address.getHostAddress(), port);
                } catch (IOException e) {
                    LOG.warn("Cannot announce on {}: {}", address, e.getMessage());
                }
            }
        }, "lathe-mdns-announce");
        t.setDaemon(true);
        t.start();
        return announcer;
    }

    /** Says goodbye, so workbenches drop the entry at once rather than when its record expires. */
    @Override
    public void close() {
        for (JmDNS jmdns : announcers) {
            try {
                jmdns.unregisterAllServices();
                jmdns.close();
            } catch (IOException e) {
                LOG.debug("Closing mDNS: {}", e.getMessage());
            }
        }
    }
}
