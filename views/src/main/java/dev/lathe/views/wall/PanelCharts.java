package dev.lathe.views.wall;

import dev.lathe.views.chart.ChartPalette;
import dev.lathe.views.chart.ChartStyle;
import dev.lathe.views.common.Formats;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a device panel's two charts for one frame, off the FX thread: the latest runs' latencies as a line in the
 * device's colour, and the whole run's distribution up to its p99.5 with p50 and p99 marked. Each frame takes the
 * ground, grid and marks of the theme in use.
 */
final class PanelCharts {
    static final int LEFT = 66;
    static final int RIGHT = 10;
    static final int TOP = 20;
    static final int BOTTOM = 20;
    private final int line;
    private final int bar;

    PanelCharts(Color colour) {
        line = Raster.argb(255, colour);
        bar = Raster.overWhite(190, colour);
    }

    ChartImage.Drawn timeline(PanelFrame f, int w, int h) {
        Raster r = new Raster(Math.max(1, w), Math.max(1, h));
        return new ChartImage.Drawn(r, timeline(f, w, h, r));
    }

    /** Draws the latest runs' line with {@code r}, and returns the labels to write over it. */
    List<ChartImage.Label> timeline(PanelFrame f, int w, int h, Strokes r) {
        ground(r);
        List<ChartImage.Label> labels = new ArrayList<>();
        labels.add(new ChartImage.Label(LEFT, 2, "Latest runs", false));
        int pw = w - LEFT - RIGHT;
        int ph = h - TOP - BOTTOM;
        if (pw < 10 || ph < 10 || f.runs().length == 0) {
            return labels;
        }
        double[] runs = f.runs();
        double[] ys = f.latenciesMs();
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (double v : ys) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        // A few stalls would flatten everything else: the scale stops at twice the run's p99 and says so.
        double cap = Math.max(f.p99Ms() * 2, lo * 1.05);
        boolean capped = hi > cap;
        hi = Math.min(hi, cap);
        double pad = Math.max((hi - lo) * 0.08, lo * 0.01 + 1e-6);
        double bottom = Math.max(0, lo - pad);
        double top = hi + pad;
        grid(r, labels, bottom, top, pw, ph, PanelCharts::axisMillis);
        double first = runs[0];
        double span = Math.max(1, runs[runs.length - 1] - first);
        int px = -1;
        int py = -1;
        for (int i = 0; i < runs.length; i++) {
            int x = LEFT + (int) Math.round(pw * (runs[i] - first) / span);
            int y = TOP + ph - (int) Math.round(ph * (Math.min(ys[i], top) - bottom) / (top - bottom));
            if (px >= 0) {
                r.line(px, py, x, y, line);
            }
            px = x;
            py = y;
        }
        labels.add(new ChartImage.Label(LEFT, TOP + ph + 3, "run " + Formats.count((long) first), false));
        labels.add(new ChartImage.Label(LEFT + pw, TOP + ph + 3, "run " + Formats.count((long) runs[runs.length - 1]),
                true));
        if (capped) {
            labels.add(new ChartImage.Label(LEFT + pw, 2, "cut at 2× p99", true));
        }
        return labels;
    }

    ChartImage.Drawn histogram(PanelFrame f, int w, int h) {
        Raster r = new Raster(Math.max(1, w), Math.max(1, h));
        return new ChartImage.Drawn(r, histogram(f, w, h, r));
    }

    /** Draws the run's distribution with {@code r}, and returns the labels to write over it. */
    List<ChartImage.Label> histogram(PanelFrame f, int w, int h, Strokes r) {
        ground(r);
        List<ChartImage.Label> labels = new ArrayList<>();
        labels.add(new ChartImage.Label(LEFT, 2, "Distribution", false));
        int pw = w - LEFT - RIGHT;
        int ph = h - TOP - BOTTOM;
        long[] bins = f.bins();
        if (pw < 10 || ph < 10 || bins.length == 0) {
            return labels;
        }
        long most = 1;
        long drawn = 0;
        for (long b : bins) {
            most = Math.max(most, b);
            drawn += b;
        }
        grid(r, labels, 0, most, pw, ph, v -> Formats.count(Math.round(v)));
        if (f.count() > drawn) {
            labels.add(new ChartImage.Label(LEFT + pw, 2, Formats.count(f.count() - drawn) + " slower not drawn",
                    true));
        }
        double bw = (double) pw / bins.length;
        for (int i = 0; i < bins.length; i++) {
            int bh = (int) Math.round((double) ph * bins[i] / most);
            if (bh > 0) {
                r.rect(LEFT + (int) Math.round(i * bw) + 1, TOP + ph - bh,
                        LEFT + (int) Math.round((i + 1) * bw) - 2, TOP + ph - 1, bar);
            }
        }
        double from = f.binFromMs();
        double to = f.binToMs();
        mark(r, labels, "p50", f.p50Ms(), from, to, pw, ph);
        mark(r, labels, "p99", f.p99Ms(), from, to, pw, ph);
        labels.add(new ChartImage.Label(LEFT, TOP + ph + 3, Formats.millis(from), false));
        labels.add(new ChartImage.Label(LEFT + pw, TOP + ph + 3, Formats.millis(to), true));
        return labels;
    }

    private static void ground(Strokes r) {
        r.fill(ChartPalette.argb(ChartStyle.palette().background()));
    }

    /** Axis labels fit the chart's margin: three significant digits at most; zero in no unit, beside ms or µs. */
    static String axisMillis(double ms) {
        if (ms == 0) {
            return "0";
        }
        if (ms >= 100) {
            return Formats.decimal(ms, 0) + " ms";
        }
        if (ms >= 10) {
            return Formats.decimal(ms, 1) + " ms";
        }
        if (ms >= 1) {
            return Formats.decimal(ms, 2) + " ms";
        }
        return Formats.decimal(ms * 1000, ms >= 0.1 ? 0 : 1) + " µs";
    }

    private static void grid(Strokes r, List<ChartImage.Label> labels, double lo, double hi, int pw, int ph,
                             java.util.function.DoubleFunction<String> text) {
        for (int i = 0; i <= 3; i++) {
            int y = TOP + ph - (int) Math.round(ph * i / 3.0);
            r.hline(y, LEFT, LEFT + pw, ChartPalette.argb(ChartStyle.palette().grid()));
            labels.add(new ChartImage.Label(LEFT - 6, y - 8, text.apply(lo + (hi - lo) * i / 3), true));
        }
    }

    private static void mark(Strokes r, List<ChartImage.Label> labels, String name, double value, double from,
                             double to, int pw, int ph) {
        if (!(value >= from && value <= to) || !(to > from) || from <= 0) {
            return;
        }
        int x = LEFT + (int) Math.round(pw * Math.log(value / from) / Math.log(to / from));
        r.dashedVline(x, TOP, TOP + ph, 4, 3, ChartPalette.argb(ChartStyle.palette().text()));
        labels.add(new ChartImage.Label(x + 3, TOP, name, false));
    }
}
