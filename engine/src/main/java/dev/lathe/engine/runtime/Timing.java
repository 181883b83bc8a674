package dev.lathe.engine.runtime;

import java.io.Serializable;

/**
 * What timing a session measured: every counted run's latency, and the peak resident memory of the process that ran
 * the model (-1 where the system does not say).
 */
public record Timing(long[] samplesNanos, long peakRssBytes) implements Serializable {
}
