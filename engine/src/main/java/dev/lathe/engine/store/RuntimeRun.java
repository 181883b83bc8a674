package dev.lathe.engine.store;

import java.util.Optional;

/**
 * A model's latest complete benchmark run on one device in one runtime: of the model itself in the runtime of its
 * format, or of a copy exported from it for another runtime ({@link RuntimeCopyLink}).
 *
 * @param runtime  the runtime's id, as devices report it
 * @param delegate an ExecuTorch program's backend ("xnnpack", "none"); empty otherwise
 * @param ranAs    the file that ran: the model, or its copy
 */
public record RuntimeRun(String runtime, Optional<String> delegate, ModelRecord ranAs, StoredBenchmark run) {

    public String deviceId() {
        return run.result().device().id();
    }

    public double p50Ms() {
        return run.result().stats().p50Ms();
    }

    public double p99Ms() {
        return run.result().stats().p99Ms();
    }

    /** Milliseconds to load the file into the runtime; negative where the device did not say. */
    public double loadMillis() {
        return run.result().loadMillis();
    }

    /** The running process's peak resident memory; negative where the device did not say. */
    public long peakRssBytes() {
        return run.result().peakRssBytes();
    }

    /** The size of the file that ran. */
    public long fileBytes() {
        return ranAs.fileBytes();
    }
}
