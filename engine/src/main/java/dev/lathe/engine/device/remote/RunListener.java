package dev.lathe.engine.device.remote;

import dev.lathe.engine.device.TelemetrySample;

/**
 * What happens during a run on an agent, delivered on the thread that called the run: its place in the device's
 * queue, each latency as measured, the board's sensors, and progress.
 */
public interface RunListener {
    RunListener NONE = new RunListener() {
    };

    /** {@code position} runs are ahead of this one on the device. */
    default void queued(int position) {
    }

    default void sample(int index, long nanos) {
    }

    default void telemetry(TelemetrySample sample) {
    }

    default void progress(long done, long total, String message) {
    }
}
