package dev.lathe.engine.device.remote;

/**
 * How a model reached an agent: its hash (its name there), how many bytes went over the wire, whether the agent
 * already had it ({@code cacheHit}) or part of it ({@code resumedFrom} above zero), and how many times the link
 * broke and the upload resumed from what the agent held ({@code retries}; bytes in flight at a break are sent again,
 * so {@code sentBytes} can exceed {@code size - resumedFrom}).
 */
public record UploadResult(String sha256, long size, long resumedFrom, long sentBytes, boolean cacheHit, int retries) {
}
