package dev.lathe.engine.device;

/** Where a device stands, as the Devices view shows it. */
public enum DeviceState {
    /** Paired (or this computer) and answering: runs can start. */
    ONLINE,
    /** Being started (this computer's agent) or reconnected after going away. */
    CONNECTING,
    /** Paired, but not answering: it is retried by itself; runs cannot start until it is back. */
    OFFLINE,
    /** Announced on the local network, not paired yet: pair it with the token the agent printed. */
    DISCOVERED
}
