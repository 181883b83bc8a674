package dev.lathe.engine.device;

import java.util.Optional;

/**
 * A benchmark ended without its summary: the device stopped, crashed or the network went away mid-run. The
 * latencies measured before that are kept, so a long run on a board is not lost entirely; once the workbench has
 * stored them as an interrupted run, {@link #storedRunId()} says which.
 */
public final class BenchmarkInterruptedException extends DeviceException {
    private final String reason;
    private final long[] samplesSoFar;
    private final Long storedRunId;

    /**
     * @param reason what ended the run, short enough to stand beside the run in a list ("the agent stopped
     *               answering (connection reset)")
     */
    public BenchmarkInterruptedException(String message, String reason, long[] samplesSoFar, Throwable cause) {
        this(message, reason, samplesSoFar, null, cause);
    }

    private BenchmarkInterruptedException(String message, String reason, long[] samplesSoFar, Long storedRunId,
                                          Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.samplesSoFar = samplesSoFar.clone();
        this.storedRunId = storedRunId;
    }

    /** The same interruption, told as kept: the samples so far are stored as run {@code runId}. */
    public BenchmarkInterruptedException storedAs(long runId) {
        String message = "Benchmark interrupted: " + samplesSoFar.length + " samples kept as interrupted run #" + runId
                + " (" + reason + "). Check the device and run again for a full result.";
        return new BenchmarkInterruptedException(message, reason, samplesSoFar, runId, this);
    }

    public String reason() {
        return reason;
    }

    public long[] samplesSoFar() {
        return samplesSoFar.clone();
    }

    public int samplesKept() {
        return samplesSoFar.length;
    }

    /** The interrupted run in the store, once stored; empty when nothing was measured (nothing is stored then). */
    public Optional<Long> storedRunId() {
        return Optional.ofNullable(storedRunId);
    }
}
