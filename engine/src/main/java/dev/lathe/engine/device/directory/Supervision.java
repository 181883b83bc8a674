package dev.lathe.engine.device.directory;

import java.time.Duration;

/**
 * How this computer's agent is restarted after it stops: after {@code firstBackoff}, doubling with each stop in a row
 * up to {@code maxBackoff}; after {@code maxCrashes} stops within {@code crashWindow} it is left stopped, because a
 * model that crashes the runtime every time would otherwise restart it forever.
 */
public record Supervision(Duration firstBackoff, Duration maxBackoff, int maxCrashes, Duration crashWindow,
                          Duration startTimeout) {
    public static final Supervision DEFAULT = new Supervision(Duration.ofSeconds(1), Duration.ofSeconds(30), 5,
            Duration.ofMinutes(2), Duration.ofSeconds(90));

    public Supervision {
        if (maxCrashes < 1) {
            throw new IllegalArgumentException("maxCrashes must be 1 or more, got " + maxCrashes);
        }
    }

    /** The wait before restart number {@code crashesInARow} (1 for the first). */
    Duration backoff(int crashesInARow) {
        Duration d = firstBackoff.multipliedBy(1L << Math.min(crashesInARow - 1, 20));
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
