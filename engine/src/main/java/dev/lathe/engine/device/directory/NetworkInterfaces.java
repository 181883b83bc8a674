package dev.lathe.engine.device.directory;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The IPv4 addresses of this machine's interfaces that carry multicast: where mDNS can announce and browse. */
public final class NetworkInterfaces {
    private NetworkInterfaces() {
    }

    public static List<InetAddress> multicastAddresses() {
        List<InetAddress> addresses = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback() || !ni.supportsMulticast() || ni.isPointToPoint()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        addresses.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            return List.of();
        }
        return addresses;
    }
}
