package dev.lathe.views.wall;

import dev.lathe.engine.store.StoredEvaluation;
import java.util.Optional;

/**
 * One variant's accuracy on one device, as the wall's accuracy table shows it.
 *
 * @param evaluation the stored evaluation, empty when it did not finish
 * @param comparison its top-1 against this computer's on the same examples, or why there is none
 * @param flagged    whether that difference is above 0.3 pp
 * @param outcome    "done", or how it ended early
 */
public record AccuracyRow(String variant, String device, int deviceIndex, Optional<StoredEvaluation> evaluation,
                          String comparison, boolean flagged, String outcome) {

    static AccuracyRow measured(String variant, String device, int deviceIndex, StoredEvaluation e) {
        return new AccuracyRow(variant, device, deviceIndex, Optional.of(e), "", false, "done");
    }

    static AccuracyRow failed(String variant, String device, int deviceIndex, String outcome) {
        return new AccuracyRow(variant, device, deviceIndex, Optional.empty(), "", false, outcome);
    }

    AccuracyRow compared(String comparison, boolean flagged) {
        return new AccuracyRow(variant, device, deviceIndex, evaluation, comparison, flagged, outcome);
    }

    public String int8Path() {
        return evaluation.map(e -> e.device().int8Path().label()).orElse("–");
    }
}
