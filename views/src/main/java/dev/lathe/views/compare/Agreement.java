package dev.lathe.views.compare;

import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.views.common.Formats;
import java.util.Optional;

/**
 * How Compare writes a top-1 agreement with the parent: a figure measured on random inputs says so beside it, and
 * its tooltip says why it reads lower than one on real data, so the two are never read as the same measure.
 */
final class Agreement {
    static final String SYNTHETIC_MARK = " (synthetic)";

    private Agreement() {
    }

    static String text(FidelityReport f) {
        return Formats.percent(f.top1Agreement()) + (f.synthetic() ? SYNTHETIC_MARK : "");
    }

    /** For a figure measured on synthetic inputs: on how many, and why it reads lower. */
    static Optional<String> why(Optional<FidelityReport> fidelity) {
        return fidelity.filter(FidelityReport::synthetic).map(f -> "Measured on " + f.samples() + " " + f.inputs()
                + " inputs: " + FidelityReport.WHY_SYNTHETIC_IS_LOWER
                + ". Evaluate the parent on a dataset to measure it on real data.");
    }
}
