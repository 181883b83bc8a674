package dev.lathe.engine.device.remote;

import dev.lathe.engine.device.DeviceException;

/**
 * A benchmark on an agent ended without its summary: the agent stopped, crashed or the network went away mid-run.
 * The latencies measured before that are kept, so a long run on a board is not lost entirely.
 */
public final class BenchmarkInterruptedException extends DeviceException {
    private final long[] samplesSoFar;

    public BenchmarkInterruptedException(String message, long[] samplesSoFar, Throwable cause) {
        super(message, cause);
        this.samplesSoFar = samplesSoFar.clone();
    }

    public long[] samplesSoFar() {
        return samplesSoFar.clone();
    }
}
