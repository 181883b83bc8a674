package dev.lathe.views.demo;

/** Hears a demo step as it runs: the lines it shows and the latencies devices stream. Called from worker threads. */
public interface StepListener {
    StepListener NONE = new StepListener() {
        @Override
        public void line(String text) {
        }

        @Override
        public void sample(String device, String model, long latencyNanos) {
        }
    };

    /** A line the step shows: progress, a result. */
    void line(String text);

    /** A latency {@code device} measured running {@code model} (its display name). */
    void sample(String device, String model, long latencyNanos);
}
