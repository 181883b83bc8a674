package dev.lathe.engine.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A chart axis over the measured range, widened to round ticks (1, 2 or 5 times a power of ten). */
record Axis(double min, double max, double step) {

    static Axis of(double low, double high) {
        if (!(high > low)) {
            double pad = Math.max(Math.abs(high) * 0.05, 1e-3);
            low -= pad;
            high += pad;
        }
        double raw = (high - low) / 5;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw <= power ? power : raw <= 2 * power ? 2 * power : raw <= 5 * power ? 5 * power : 10 * power;
        return new Axis(Math.floor(low / step) * step, Math.ceil(high / step) * step, step);
    }

    double fraction(double value) {
        return (value - min) / (max - min);
    }

    List<Double> ticks() {
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; min + i * step <= max + step / 1e6; i++) {
            ticks.add(min + i * step);
        }
        return ticks;
    }

    String label(double tick) {
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step));
        return String.format(Locale.ROOT, "%." + decimals + "f", tick);
    }
}
