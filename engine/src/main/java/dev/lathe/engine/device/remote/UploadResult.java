package dev.lathe.engine.device.remote;

/**
 * How a model reached an agent: its hash (its name there), how many bytes went over the wire, and whether the agent
 * already had it ({@code cacheHit}) or part of it ({@code resumedFrom} above zero).
 */
public record UploadResult(String sha256, long size, long resumedFrom, long sentBytes, boolean cacheHit) {
}
