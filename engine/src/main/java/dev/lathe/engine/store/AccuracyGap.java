package dev.lathe.engine.store;

import java.util.Locale;
import java.util.Optional;

/**
 * A model's top-1 on one device against another's on the same examples. Evaluation is deterministic, so any gap is
 * the same file computing differently there (an int8 kernel that saturates, another runtime); one above
 * {@link #LIMIT_POINTS} is flagged, naming both devices' int8 paths.
 */
public record AccuracyGap(StoredEvaluation there, StoredEvaluation here) {
    /** Percentage points of top-1 beyond which two devices disagree (rounding in reports stays far below it). */
    public static final double LIMIT_POINTS = 0.3;

    /** The gap, when the two ran the same examples (same data by hash, same count) on different devices. */
    public static Optional<AccuracyGap> between(StoredEvaluation there, StoredEvaluation here) {
        boolean comparable = there.sameExamplesAs(here) && !there.deviceId().equals(here.deviceId());
        return comparable ? Optional.of(new AccuracyGap(there, here)) : Optional.empty();
    }

    /** {@code there}'s top-1 minus {@code here}'s, in percentage points. */
    public double points() {
        return (there.result().top1() - here.result().top1()) * 100;
    }

    public boolean flagged() {
        return Math.abs(points()) > LIMIT_POINTS;
    }

    /** "91.63 % on pi5 (NEON dot-product) against 93.38 % on vm (AVX-512 VNNI): −1.75 pp on 10,000 examples". */
    public String sentence() {
        return sentence(there.device().name(), here.device().name());
    }

    /** The same, with the devices called as a screen calls them ("This computer" rather than its host name). */
    public String sentence(String thereName, String hereName) {
        return percent(there) + " on " + thereName + " (" + there.device().int8Path().label() + ") against "
                + percent(here) + " on " + hereName + " (" + here.device().int8Path().label() + "): "
                + signedPoints() + " on " + there.result().samples() + " examples";
    }

    /** "+0.05 pp", "−1.75 pp". */
    public String signedPoints() {
        return (points() >= 0 ? "+" : "−") + String.format(Locale.ROOT, "%.2f pp", Math.abs(points()));
    }

    private static String percent(StoredEvaluation e) {
        return String.format(Locale.ROOT, "%.2f %%", e.result().top1() * 100);
    }
}
