package dev.lathe.views.demo;

import dev.lathe.engine.demo.DemoException;
import dev.lathe.engine.demo.Rehearsal;
import dev.lathe.engine.demo.Rehearsal.RecordedSeries;
import dev.lathe.engine.demo.Rehearsal.RecordedStep;
import dev.lathe.engine.demo.Rehearsal.Sample;
import dev.lathe.engine.demo.Rehearsal.TimedLine;
import dev.lathe.engine.demo.Rehearsals;
import dev.lathe.views.wall.DeviceFeed;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A recorded step played again in real time (from just before its first line or sample): its lines when they were
 * shown, and each device's samples into a
 * {@link DeviceFeed} of its own when they arrived, so the wall's panels draw them as they drew the live run. The
 * panels' names say "replay"; nothing here is stored as a measurement.
 */
final class Replay implements AutoCloseable {
    /** What a replayed device's panel is called: its name, and plainly that it is a replay. */
    static final String MARK = "  ·  replay";
    /** Of the silence before the recording's first line or sample (devices loading the model), what is kept. */
    static final long LEAD_NANOS = 300_000_000L;

    private record Event(long atNanos, int feed, String model, long latencyNanos, String line) {
    }

    private final List<DeviceFeed> feeds = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final long lengthNanos;
    private final long skippedNanos;
    private volatile Thread player;

    private Replay(RecordedStep step, Map<String, List<Sample>> samples, Map<String, RecordedSeries> series) {
        Map<String, Integer> devices = new LinkedHashMap<>();
        for (Map.Entry<String, RecordedSeries> e : series.entrySet()) {
            RecordedSeries s = e.getValue();
            int feed = devices.computeIfAbsent(s.device(), d -> {
                feeds.add(new DeviceFeed(d + MARK));
                return feeds.size() - 1;
            });
            for (Sample sample : samples.get(e.getKey())) {
                events.add(new Event(sample.atNanos(), feed, s.model(), sample.latencyNanos(), null));
            }
        }
        for (TimedLine l : step.lines()) {
            events.add(new Event(l.atMillis() * 1_000_000, -1, null, 0, l.text()));
        }
        events.sort(Comparator.comparingLong(Event::atNanos));
        lengthNanos = Math.max(step.millis() * 1_000_000, events.isEmpty() ? 0 : events.get(events.size() - 1).atNanos());
        // The room has seen the live attempt wait already: the replay starts just before the first thing recorded.
        skippedNanos = events.isEmpty() ? 0 : Math.max(0, events.get(0).atNanos() - LEAD_NANOS);
    }

    /** Reads a recorded step's samples from the rehearsal's folder. */
    static Replay of(Rehearsal rehearsal, RecordedStep step) throws DemoException {
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        Map<String, RecordedSeries> series = new LinkedHashMap<>();
        for (RecordedSeries s : step.series()) {
            samples.put(s.file(), Rehearsals.samples(rehearsal, s));
            series.put(s.file(), s);
        }
        return new Replay(step, samples, series);
    }

    /** One feed per device that streamed in the recording; empty for a step that streamed nothing. */
    List<DeviceFeed> feeds() {
        return List.copyOf(feeds);
    }

    /**
     * Plays on a thread of its own: lines to {@code lines}, samples to the feeds, each at its recorded time from now;
     * {@code ended} runs (on that thread) once the recorded step's length has passed. Closing stops it.
     */
    void start(Consumer<String> lines, Runnable ended) {
        Thread t = new Thread(() -> play(lines, ended), "demo-replay");
        t.setDaemon(true);
        player = t;
        t.start();
    }

    private void play(Consumer<String> lines, Runnable ended) {
        long start = System.nanoTime() - skippedNanos;
        feeds.forEach(f -> f.begin("Replay of the rehearsal"));
        String[] models = new String[feeds.size()];
        int[] counts = new int[feeds.size()];
        try {
            for (Event e : events) {
                waitUntil(start + e.atNanos());
                if (e.line() != null) {
                    lines.accept(e.line());
                    continue;
                }
                DeviceFeed feed = feeds.get(e.feed());
                if (!e.model().equals(models[e.feed()])) {
                    models[e.feed()] = e.model();
                    counts[e.feed()] = 0;
                    feed.begin(e.model() + MARK);
                }
                feed.sample(counts[e.feed()]++, e.latencyNanos());
            }
            waitUntil(start + lengthNanos);
            feeds.forEach(f -> f.end("Replay ended"));
            ended.run();
        } catch (InterruptedException stopped) {
            feeds.forEach(f -> f.end("Replay stopped"));
        }
    }

    private static void waitUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 500_000) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        } else if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    @Override
    public void close() {
        Thread t = player;
        if (t != null) {
            t.interrupt();
        }
    }
}
