package dev.lathe.engine.device.directory;

/**
 * How an agent announces itself on the local network with multicast DNS, so that a workbench can list boards nobody
 * typed the address of. Shared by the agent (which announces) and the workbench (which browses).
 */
public final class LatheService {
    /** The DNS-SD service type, in the form jmDNS expects. */
    public static final String TYPE = "_lathe._tcp.local.";
    /** TXT key: the protocol version the agent speaks, e.g. {@code 1.0}. */
    public static final String PROTOCOL = "protocol";
    /** TXT key: the SHA-256 fingerprint of the agent's certificate, as the agent prints it. */
    public static final String CERTIFICATE = "certsha256";
    /** TXT key: the agent's version. */
    public static final String VERSION = "version";

    private LatheService() {
    }
}
