package dev.lathe.engine.device.directory;

import java.util.Objects;

/**
 * An agent that announced itself on the local network ({@value LatheService#TYPE}).
 *
 * @param name        its service name: the board's host name
 * @param host        an address it can be reached at
 * @param certificateSha256 the fingerprint it announced: compare it with the one pairing shows
 * @param protocol    the protocol version it speaks
 */
public record Announcement(String name, String host, int port, String certificateSha256, String protocol) {
    public Announcement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(certificateSha256, "certificateSha256");
        Objects.requireNonNull(protocol, "protocol");
    }

    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
