package dev.lathe.engine.bench;

/** Receives each counted latency as it is measured, on the benchmarking thread. */
@FunctionalInterface
public interface SampleListener {
    SampleListener NONE = (index, nanos) -> { };

    void sample(int index, long nanos);
}
