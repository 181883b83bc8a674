package dev.lathe.engine.demo;

import dev.lathe.engine.demo.Rehearsal.RecordedSeries;
import dev.lathe.engine.demo.Rehearsal.RecordedStep;
import dev.lathe.engine.demo.Rehearsal.TimedLine;
import dev.lathe.engine.files.AtomicFiles;
import dev.lathe.engine.files.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records a run of a scenario into a folder as it goes: rehearsal.json is rewritten (atomically) when each step
 * ends, so a run stopped half-way keeps the steps it finished. Samples may arrive from any thread.
 */
public final class RehearsalRecorder {
    static final String INDEX = "rehearsal.json";

    private final Path folder;
    private final DemoScenario scenario;
    private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final List<RecordedStep> steps = new ArrayList<>();

    private RehearsalRecorder(Path folder, DemoScenario scenario) {
        this.folder = folder;
        this.scenario = scenario;
    }

    /** A recorder writing into {@code folder}, made if missing; a folder already holding a recording is refused. */
    public static RehearsalRecorder into(Path folder, DemoScenario scenario) throws DemoException {
        if (Files.exists(folder.resolve(INDEX))) {
            throw new DemoException(folder + " already holds a recording: give a new folder to record into");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DemoException("cannot make " + folder + " to record into: " + e.getMessage(), e);
        }
        return new RehearsalRecorder(folder, scenario);
    }

    public Path folder() {
        return folder;
    }

    /** Starts recording a step; end it with {@link StepRecording#done()} or {@link StepRecording#failed}. */
    public StepRecording start(DemoStep step) {
        return new StepRecording(step);
    }

    /** The recording so far, as {@link Rehearsals#read} would read it back. */
    public synchronized Rehearsal rehearsal() {
        return new Rehearsal(folder, scenario.title(), scenario.file().toString(), started.toString(), steps);
    }

    private synchronized void finish(RecordedStep step) throws DemoException {
        steps.removeIf(s -> s.number() == step.number());
        steps.add(step);
        try {
            byte[] json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(rehearsal());
            AtomicFiles.write(folder.resolve(INDEX), tmp -> Files.write(tmp, json));
        } catch (IOException e) {
            throw new DemoException("cannot write the recording into " + folder + ": " + e.getMessage(), e);
        }
    }

    /** One step being recorded: its lines and samples, timed from its start. */
    public final class StepRecording {
        private final DemoStep step;
        private final Instant startedAt = Instant.now();
        private final long start = System.nanoTime();
        private final List<TimedLine> lines = new ArrayList<>();
        private final Map<String, Series> series = new LinkedHashMap<>();

        private StepRecording(DemoStep step) {
            this.step = step;
        }

        public synchronized void line(String text) {
            lines.add(new TimedLine((System.nanoTime() - start) / 1_000_000, text));
        }

        /** A latency {@code device} measured for {@code model}, timed now. */
        public synchronized void sample(String device, String model, long latencyNanos) {
            series.computeIfAbsent(device + "\u0000" + model, k -> new Series(device, model))
                    .add(System.nanoTime() - start, latencyNanos);
        }

        public void done() throws DemoException {
            end(true, "");
        }

        public void failed(String problem) throws DemoException {
            end(false, problem);
        }

        private void end(boolean done, String problem) throws DemoException {
            List<RecordedSeries> written = new ArrayList<>();
            List<TimedLine> shown;
            synchronized (this) {
                int i = 0;
                for (Series s : series.values()) {
                    written.add(s.write(folder, "step-" + step.number() + "-series-" + (++i) + ".csv"));
                }
                shown = List.copyOf(lines);
            }
            finish(new RecordedStep(step.number(), step.action().kind(), step.caption(), startedAt.toString(),
                    (System.nanoTime() - start) / 1_000_000, done, problem, shown, written));
        }
    }

    private static final class Series {
        private final String device;
        private final String model;
        private long[] at = new long[1024];
        private long[] latency = new long[1024];
        private int count;

        Series(String device, String model) {
            this.device = device;
            this.model = model;
        }

        void add(long atNanos, long latencyNanos) {
            if (count == at.length) {
                at = Arrays.copyOf(at, count * 2);
                latency = Arrays.copyOf(latency, count * 2);
            }
            at[count] = atNanos;
            latency[count] = latencyNanos;
            count++;
        }

        RecordedSeries write(Path folder, String name) throws DemoException {
            try (BufferedWriter out = Files.newBufferedWriter(folder.resolve(name), StandardCharsets.UTF_8)) {
                out.write("at_us,latency_ns\n");
                for (int i = 0; i < count; i++) {
                    out.write(Long.toString(at[i] / 1000));
                    out.write(',');
                    out.write(Long.toString(latency[i]));
                    out.write('\n');
                }
            } catch (IOException e) {
                throw new DemoException("cannot write " + name + " into " + folder + ": " + e.getMessage(), e);
            }
            return new RecordedSeries(device, model, name, count);
        }
    }
}
