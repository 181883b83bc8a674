package dev.lathe.views.optimize;

import dev.lathe.engine.store.PruningSummary;
import dev.lathe.engine.store.TrainingSummary;
import dev.lathe.engine.store.VariantReport;
import dev.lathe.views.common.Formats;
import java.util.ArrayList;
import java.util.List;

/** One line on what a recipe step changed: what it cut, how it trained, or what it quantized. */
final class VariantSummary {
    private VariantSummary() {
    }

    static String of(VariantReport report) {
        List<String> parts = new ArrayList<>();
        report.pruning().ifPresent(p -> parts.add(pruning(p)));
        report.training().ifPresent(t -> parts.add(training(t)));
        if (parts.isEmpty()) {
            parts.add(report.quantizedNodes().size() + " nodes quantized, " + report.floatNodes().size()
                    + " left in float");
        }
        return String.join("; ", parts);
    }

    private static String pruning(PruningSummary p) {
        return "pruned (" + p.structure() + "): parameters " + Formats.count(p.paramsBefore()) + " → "
                + Formats.count(p.paramsAfter()) + ", non-zero " + Formats.count(p.nonZeroBefore()) + " → "
                + Formats.count(p.nonZeroAfter()) + ", gzip " + Formats.bytes(p.gzipBefore()) + " → "
                + Formats.bytes(p.gzipAfter());
    }

    private static String training(TrainingSummary t) {
        return "trained " + t.epochs() + (t.epochs() == 1 ? " epoch" : " epochs") + " on " + Formats.count(t.examples())
                + " examples in " + Formats.decimal(t.millis() / 1000.0, 1) + " s, final loss "
                + Formats.decimal(t.finalLoss(), 3) + ", train accuracy " + Formats.percent(t.finalAccuracy());
    }
}
