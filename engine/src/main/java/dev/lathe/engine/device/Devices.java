package dev.lathe.engine.device;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The devices of a workbench, as the GUI and the command line reach them: the list as it stands and as it changes,
 * pairing and forgetting boards, and the one way to get a device by its key. It also holds the device that runs
 * "this computer"'s work when a caller names none, and owns what its workbench started for it (this computer's
 * runner, the probes of paired boards, discovery): {@link #close()} stops those, and nothing a caller made.
 */
public final class Devices implements AutoCloseable {
    private final DeviceDirectory directory;
    private final Device thisComputer;
    private final Optional<DirectoryDevice> runner;
    private final boolean owned;

    private Devices(DeviceDirectory directory, Device thisComputer, Optional<DirectoryDevice> runner, boolean owned) {
        this.directory = directory;
        this.thisComputer = thisComputer;
        this.runner = runner;
        this.owned = owned;
    }

    /** The entries of {@code directory}, which whoever made it closes; this computer's runs go to {@code thisComputer}. */
    public static Devices of(DeviceDirectory directory, Device thisComputer) {
        return new Devices(directory, thisComputer, Optional.empty(), false);
    }

    /**
     * The entries of {@code directory}, closed with these devices; this computer's runs go to {@code runner}, an entry
     * of it (or of a directory it opens on first use), closed with them too.
     */
    public static Devices owning(DeviceDirectory directory, DirectoryDevice runner) {
        return new Devices(directory, runner, Optional.of(runner), true);
    }

    /** This computer alone, running models in this process: no runner, no board. */
    public static Devices inProcess(Device thisComputer) {
        return of(InProcessDirectory.online(thisComputer), thisComputer);
    }

    /**
     * This computer alone, listed as offline for {@code reason} (its runner cannot start), its runs happening in this
     * process meanwhile through {@code thisComputer}.
     */
    public static Devices unavailable(Device thisComputer, String reason) {
        return of(InProcessDirectory.unavailable(thisComputer, reason), thisComputer);
    }

    /** The devices as they stand now: this computer first, then paired boards, then boards discovered, not paired. */
    public List<DeviceEntry> entries() {
        return directory.entries();
    }

    /**
     * The devices as they answer now: the entries, or, where devices are reached on demand (the command line), every
     * paired board asked and its answer awaited.
     *
     * @throws DeviceException when the paired boards cannot be read, saying what to do
     */
    public List<DeviceEntry> entriesNow() throws DeviceException {
        return directory.entriesNow();
    }

    /**
     * Calls {@code listener} with the entries now and again after every change, on a thread of the devices'; closing
     * the returned handle stops the calls.
     */
    public AutoCloseable watch(Consumer<List<DeviceEntry>> listener) {
        return directory.watch(listener);
    }

    /**
     * The device behind {@code key} ({@link DeviceDirectory#THIS_COMPUTER} or {@code host:port}), to run on.
     *
     * @throws DeviceException saying why not (unknown, offline, not paired) and what to do
     */
    public Device device(String key) throws DeviceException {
        return directory.device(key);
    }

    /** Where this computer's work runs when a caller names no device: its runner, or this process. */
    public Device thisComputer() {
        return thisComputer;
    }

    /** Pairs with the agent at {@code host:port} using the token it printed, and lists it. */
    public DeviceEntry pair(String host, int port, String token) throws DeviceException {
        return directory.pair(host, port, token);
    }

    /**
     * Forgets the paired board behind {@code key}: deletes its pairing and drops it from the entries. Its agent keeps
     * running and can be paired again with the token it printed.
     *
     * @throws DeviceException for this computer, or a key that is not paired
     */
    public void forget(String key) throws DeviceException {
        directory.forget(key);
    }

    /**
     * The SHA-256 fingerprint of the certificate of the agent behind {@code key}: pinned at pairing for a paired board,
     * announced for a discovered one, so the user can compare it with the line the agent printed.
     */
    public Optional<String> certificateSha256(String key) {
        return directory.certificateSha256(key);
    }

    /**
     * Starts this computer's runner in the background now where it otherwise starts at the first run, so it gets
     * ready while the caller does other work; nothing happens where there is no runner or it has started.
     *
     * @throws DeviceException when the runner cannot be started at all (its program is missing)
     */
    public void startThisComputer() throws DeviceException {
        if (runner.isPresent()) {
            runner.get().start();
        }
    }

    /** Stops what the workbench started for these devices; a directory a caller made is left to its maker. */
    @Override
    public void close() {
        if (owned) {
            runner.ifPresent(DirectoryDevice::close);
            directory.close();
        }
    }
}
