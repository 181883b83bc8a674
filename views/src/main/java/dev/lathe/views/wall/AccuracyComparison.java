package dev.lathe.views.wall;

import dev.lathe.engine.store.AccuracyGap;
import dev.lathe.engine.store.StoredEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Sets each variant's top-1 on every device against its top-1 on this computer, on the same examples. */
final class AccuracyComparison {
    private AccuracyComparison() {
    }

    static List<AccuracyRow> compare(List<AccuracyRow> rows, String thisComputer) {
        List<AccuracyRow> out = new ArrayList<>();
        for (AccuracyRow row : rows) {
            Optional<StoredEvaluation> here = rows.stream().filter(r -> r.variant().equals(row.variant()))
                    .flatMap(r -> r.evaluation().stream()).filter(e -> e.deviceId().equals(thisComputer)).findFirst();
            out.add(compared(row, here, thisComputer));
        }
        return out;
    }

    private static AccuracyRow compared(AccuracyRow row, Optional<StoredEvaluation> here, String thisComputer) {
        if (row.evaluation().isEmpty()) {
            return row;
        }
        StoredEvaluation there = row.evaluation().get();
        if (there.deviceId().equals(thisComputer)) {
            return row.compared("this computer", false);
        }
        if (here.isEmpty()) {
            return row.compared("not evaluated on this computer", false);
        }
        Optional<AccuracyGap> gap = AccuracyGap.between(there, here.get());
        return gap.map(g -> row.compared(g.flagged() ? "⚠ " + g.sentence(row.device(), "This computer")
                : g.signedPoints(), g.flagged()))
                .orElse(row);
    }
}
