package dev.lathe.agent;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes abandoned unfinished uploads: at start, then every {@link #PERIOD}. A workbench that never came back to
 * finish a file would otherwise leave up to --max-upload-mb on the board's disk for good, once per file.
 */
final class StalePartSweep implements Runnable {
    /** Often enough that a part outlives its lifetime by at most this much; rare enough to cost nothing. */
    static final Duration PERIOD = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(StalePartSweep.class);

    private final BlobStore blobs;
    private final Duration lifetime;
    private final Clock clock;

    StalePartSweep(BlobStore blobs, Duration lifetime, Clock clock) {
        this.blobs = blobs;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** Sweeps now, on the caller's thread, then every {@code period} on {@code scheduler}. */
    ScheduledFuture<?> start(ScheduledExecutorService scheduler, Duration period) {
        run();
        return scheduler.scheduleWithFixedDelay(this, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        try {
            List<String> removed = blobs.removeStaleParts(clock.instant(), lifetime);
            if (!removed.isEmpty()) {
                LOG.info("Removed {} unfinished upload(s) no byte reached for {}: {}", removed.size(),
                        lifetime.toSeconds() % 3600 == 0 ? lifetime.toHours() + " h" : lifetime.toSeconds() + " s",
                        removed);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Removing abandoned unfinished uploads failed", e);
        }
    }
}
