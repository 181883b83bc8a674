package dev.lathe.engine.device.directory;

import java.util.List;
import java.util.function.Consumer;

/** Finds agents on the local network; the directory lists those not paired yet as discovered. */
public interface Discovery extends AutoCloseable {
    /** Starts looking; {@code changes} receives every agent seen so far each time one appears or goes. */
    void start(Consumer<List<Announcement>> changes);

    @Override
    void close();
}
