package dev.lathe.engine.device;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Every device the workbench knows: this computer first, then paired boards, then boards announced on the local
 * network but not paired. Entries change by themselves as boards go away and come back; watchers hear of it.
 */
public interface DeviceDirectory extends AutoCloseable {
    /** The key of this computer's entry. */
    String THIS_COMPUTER = "local";

    /** The devices as they stand now. */
    List<DeviceEntry> entries();

    /**
     * The devices as they answer now. A directory that follows its devices in the background gives its
     * {@link #entries()}; one that reaches them on demand asks each paired board, waits for the answers, and fails when
     * it cannot tell which boards are paired (their file unreadable), saying what to do.
     */
    default List<DeviceEntry> entriesNow() throws DeviceException {
        return entries();
    }

    /**
     * Calls {@code listener} with the entries now and again after every change, on a thread of the directory's;
     * closing the returned handle stops the calls.
     */
    AutoCloseable watch(Consumer<List<DeviceEntry>> listener);

    /**
     * The device to run on, if it is online.
     *
     * @throws DeviceException saying why not (unknown, offline, not paired) and what to do
     */
    Device device(String key) throws DeviceException;

    /** Pairs with the agent at {@code host:port} using the token it printed, and lists it. */
    DeviceEntry pair(String host, int port, String token) throws DeviceException;

    /**
     * Forgets the paired board behind {@code key} ({@code host:port}): stops asking it whether it answers, deletes
     * its pairing, and drops it from the entries. Its agent keeps running; a board still announced on the local
     * network is listed again as discovered, and can be paired again with the token its agent printed.
     *
     * @throws DeviceException for this computer (which is no paired board) or a key that is not paired
     */
    void forget(String key) throws DeviceException;

    /**
     * The SHA-256 fingerprint of the certificate of the agent behind {@code key}: pinned at pairing for a paired
     * board, announced for a discovered one. Show it so the user can compare it with the line the agent printed.
     */
    default Optional<String> certificateSha256(String key) {
        return Optional.empty();
    }

    /** Stops watching the network and this computer's agent. */
    @Override
    void close();
}
