package dev.lathe.engine.device.remote;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.files.AtomicFiles;
import dev.lathe.engine.files.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agents this workbench has paired with, kept in one JSON file readable by this user only: each entry holds the
 * credential the agent issued, which it never shows again, and the certificate fingerprint pinned at pairing.
 */
public final class PairedAgents {
    private static final TypeReference<List<PairedAgent>> LIST = new TypeReference<>() { };

    private final Path file;

    public PairedAgents(Path file) {
        this.file = file;
    }

    /** Every paired agent, in the order they were paired; none when the file does not exist yet. */
    public synchronized List<PairedAgent> all() throws DeviceException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return List.copyOf(Json.mapper().readValue(file.toFile(), LIST));
        } catch (IOException e) {
            throw new DeviceException("Cannot read the paired devices in " + file + " (" + e.getMessage() + "); pair "
                    + "them again with: lathe pair HOST:PORT --token TOKEN", e);
        }
    }

    /** The agent paired at {@code address} ({@code host:port}), if any. */
    public synchronized Optional<PairedAgent> find(String address) throws DeviceException {
        return all().stream().filter(a -> a.address().equals(address)).findFirst();
    }

    /** The file the pairings are kept in, for a reader that watches it change. */
    public Path file() {
        return file;
    }

    /** Forgets the agent paired at {@code address}; returns whether there was one (nothing happens if not). */
    public synchronized boolean remove(String address) throws DeviceException {
        List<PairedAgent> next = new ArrayList<>(all());
        if (!next.removeIf(a -> a.address().equals(address))) {
            return false;
        }
        save(next, address);
        return true;
    }

    /** Adds {@code agent}, replacing an earlier pairing at the same address (the agent was paired again). */
    public synchronized void add(PairedAgent agent) throws DeviceException {
        List<PairedAgent> next = new ArrayList<>(all());
        next.removeIf(a -> a.address().equals(agent.address()));
        next.add(agent);
        save(next, agent.address());
    }

    private void save(List<PairedAgent> agents, String address) throws DeviceException {
        try {
            AtomicFiles.writePrivate(file, tmp -> Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(),
                    agents));
        } catch (IOException e) {
            throw new DeviceException("Cannot save the pairing with " + address + " in " + file + ": "
                    + e.getMessage(), e);
        }
    }
}
