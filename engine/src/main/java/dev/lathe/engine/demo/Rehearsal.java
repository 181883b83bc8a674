package dev.lathe.engine.demo;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A recorded run of a demo scenario: each step's outcome, the lines it showed and every streamed sample with the
 * time it arrived, so a step can be replayed in real time when it cannot run live. Written by
 * {@link RehearsalRecorder}, read by {@link Rehearsals}; {@code rehearsal.json} in {@code folder} plus one CSV of
 * samples per series.
 *
 * @param recordedAt when the run started (ISO-8601, UTC)
 */
public record Rehearsal(@JsonIgnore Path folder, String title, String scenario, String recordedAt, List<RecordedStep> steps) {
    public Rehearsal {
        steps = List.copyOf(steps);
    }

    @JsonIgnore
    public Instant recorded() {
        return Instant.parse(recordedAt);
    }

    /** The step of that number if it ran to its end in this recording. */
    public Optional<RecordedStep> done(int number) {
        return steps.stream().filter(s -> s.number() == number && s.done()).findFirst();
    }

    /**
     * One step as it ran.
     *
     * @param startedAt ISO-8601, UTC
     * @param millis    how long it took
     * @param problem   why it failed, empty when done
     */
    public record RecordedStep(int number, String kind, String caption, String startedAt, long millis, boolean done,
                               String problem, List<TimedLine> lines, List<RecordedSeries> series) {
        public RecordedStep {
            lines = List.copyOf(lines);
            series = List.copyOf(series);
        }
    }

    /** A line the step showed, {@code atMillis} after it started. */
    public record TimedLine(long atMillis, String text) {
    }

    /**
     * The samples one device streamed for one model while the step ran, kept in {@code file} (beside
     * rehearsal.json) as {@code at_us,latency_ns} rows.
     */
    public record RecordedSeries(String device, String model, String file, int count) {
    }

    /** One latency, {@code atNanos} after the step started. */
    public record Sample(long atNanos, long latencyNanos) {
    }
}
