package dev.lathe.views.wall;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.device.TelemetrySample;
import dev.lathe.views.common.Formats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where one device's samples, sensor readings and progress arrive, on whatever thread the device uses, and where
 * they are coalesced into one {@link PanelFrame} per tick. Adding a sample is an array store under a lock; the
 * percentiles, histogram and decimated points are computed by {@link #frame()}, off the FX thread, so the panel's
 * cost does not depend on the sample rate.
 */
public final class DeviceFeed implements SampleListener, Progress {
    /** Latest runs the time chart shows. */
    static final int WINDOW = 4000;
    /** Points the time chart draws at most: software rendering must stay cheap. */
    static final int MAX_POINTS = 500;
    static final int BINS = 36;

    private final String device;
    private final long[] window = new long[WINDOW];
    private long[] pending = new long[1024];
    private int pendingCount;
    private long received;
    private LatencySketch sketch = new LatencySketch();
    private TelemetrySample telemetry;
    private String status = "Waiting";
    private double progress = -1;
    private boolean ended;
    private Optional<LatencyStats> measured = Optional.empty();
    private final List<String> accuracy = new ArrayList<>();
    private long version;
    private long framedVersion = -1;

    public DeviceFeed(String device) {
        this.device = device;
    }

    public String device() {
        return device;
    }

    /** Starts a new run on show: the charts and percentiles start afresh. */
    public synchronized void begin(String status) {
        pendingCount = 0;
        received = 0;
        sketch = new LatencySketch();
        measured = Optional.empty();
        this.status = status;
        progress = -1;
        version++;
    }

    /**
     * The run on show is over and stored: its percentiles from then on are the stored run's, exact, where the
     * live ones come from the sketch's buckets (within about 1 %), so the panel and the table agree.
     */
    public synchronized void measured(LatencyStats stats) {
        measured = Optional.of(stats);
        version++;
    }

    /** The public entry point for latencies, called by the device for each counted run. */
    @Override
    public synchronized void sample(int index, long nanos) {
        if (pendingCount == pending.length) {
            pending = Arrays.copyOf(pending, pending.length * 2);
        }
        pending[pendingCount++] = nanos;
        version++;
    }

    /** A variant's evaluation on this device ended with {@code top1}; the panel lists every one of the run. */
    public synchronized void evaluated(String variant, double top1) {
        accuracy.add(variant + "  " + Formats.accuracy(top1));
        version++;
    }

    public synchronized void telemetry(TelemetrySample sample) {
        telemetry = sample;
        version++;
    }

    /** Progress of the run on show: the device's queue position while it waits, then runs done. */
    @Override
    public synchronized void report(long done, long total, String message) {
        progress = total > 0 ? (double) done / total : -1;
        if (message != null && !message.isBlank()) {
            status = message;
        }
        version++;
    }

    /** This device has no more runs; {@code outcome} says how its last one ended. */
    public synchronized void end(String outcome) {
        status = outcome;
        progress = 1;
        ended = true;
        version++;
    }

    /** Whether this device has no more runs. */
    public synchronized boolean ended() {
        return ended;
    }

    /** How many latencies have arrived for the run on show. */
    public synchronized long count() {
        return received + pendingCount;
    }

    /** The next frame, or empty when nothing changed since the last one. Call from one thread at a time. */
    public Optional<PanelFrame> frame() {
        long[] fresh;
        long startIndex;
        LatencySketch s;
        TelemetrySample t;
        String line;
        double p;
        boolean done;
        Optional<LatencyStats> exact;
        List<String> evaluated;
        synchronized (this) {
            if (version == framedVersion) {
                return Optional.empty();
            }
            framedVersion = version;
            fresh = Arrays.copyOf(pending, pendingCount);
            pendingCount = 0;
            startIndex = received;
            received += fresh.length;
            s = sketch;
            t = telemetry;
            line = status;
            p = progress;
            done = ended;
            exact = measured;
            evaluated = List.copyOf(accuracy);
        }
        return Optional.of(build(s, fresh, startIndex, t, line, p, done, exact, evaluated));
    }

    /** Runs on the ticker's thread only, so the window and sketch need no lock of their own. */
    private PanelFrame build(LatencySketch s, long[] fresh, long startIndex, TelemetrySample t, String line,
                             double p, boolean done, Optional<LatencyStats> exact, List<String> evaluated) {
        for (int i = 0; i < fresh.length; i++) {
            s.add(fresh[i]);
            window[(int) ((startIndex + i) % WINDOW)] = fresh[i];
        }
        long count = s.count();
        int shown = (int) Math.min(count, WINDOW);
        int stride = Math.max(1, (shown + MAX_POINTS - 1) / MAX_POINTS);
        int points = (shown + stride - 1) / stride;
        double[] xs = new double[points];
        double[] ys = new double[points];
        long first = count - shown;
        for (int i = 0; i < points; i++) {
            long run = first + (long) i * stride;
            xs[i] = run + 1;
            ys[i] = window[(int) (run % WINDOW)] / 1e6;
        }
        // Bins from the fastest run to the Benchmark tab's far fence (Q3 + 3 IQR, never below p90), so a few
        // stalls do not squeeze every typical run into one bar.
        double from = s.quantileMs(0);
        double q1 = s.quantileMs(0.25);
        double q3 = s.quantileMs(0.75);
        double to = Math.min(s.quantileMs(1), Math.max(q3 + 3 * (q3 - q1), s.quantileMs(0.9)));
        long[] bins = count == 0 ? new long[0] : s.bins(from, to, BINS);
        double binFrom = count == 0 ? 0 : LatencySketch.edgeMs(from);
        double binTo = count == 0 ? 0 : LatencySketch.upperEdgeMs(to);
        return new PanelFrame(count, xs, ys, binFrom, binTo, bins,
                exact.map(LatencyStats::p50Ms).orElseGet(() -> s.quantileMs(0.5)),
                exact.map(LatencyStats::p90Ms).orElseGet(() -> s.quantileMs(0.9)),
                exact.map(LatencyStats::p99Ms).orElseGet(() -> s.quantileMs(0.99)), Optional.ofNullable(t), line, p,
                done, evaluated);
    }
}
