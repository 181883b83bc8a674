package dev.lathe.engine.runtime;

/** Hears each counted run's latency as it is measured, on the timing thread: it must only store it. */
@FunctionalInterface
public interface LatencyListener {
    void latency(int index, long nanos);
}
