package dev.lathe.engine.device.remote;

import java.time.Duration;

/**
 * How long an upload keeps trying after the link to the agent breaks: it waits {@code initialBackoff}, doubling up
 * to {@code maxBackoff}, and gives up once {@code window} has passed without the agent receiving a byte more. Each
 * try resumes from what the agent holds, so a link that comes back within the window costs only the bytes that
 * were in flight when it broke.
 */
public record UploadRetry(Duration window, Duration initialBackoff, Duration maxBackoff) {
    /** Rides out a cable pulled and put back, a Wi-Fi roam or a board's network restart. */
    public static final UploadRetry DEFAULT = new UploadRetry(Duration.ofMinutes(2), Duration.ofMillis(500),
            Duration.ofSeconds(8));

    public UploadRetry {
        if (window.isNegative() || initialBackoff.isNegative() || initialBackoff.isZero()
                || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("upload retry needs 0 < initialBackoff <= maxBackoff and a window of"
                    + " 0 or more, not " + window + ", " + initialBackoff + ", " + maxBackoff);
        }
    }
}
