package dev.lathe.engine.prune;

import dev.lathe.engine.provenance.StepRun;
import dev.lathe.engine.model.onnx.OnnxModel;

/** The pruned model, ready to write as a variant, and what was done to it. */
public record PruneResult(OnnxModel model, PruneReport report, StepRun ran) {
    public PruneResult(OnnxModel model, PruneReport report) {
        this(model, report, StepRun.NONE);
    }

    public PruneResult {
        ran = ran == null ? StepRun.NONE : ran;
    }

    /** The same result, with what its fine-tuning between cuts ran on. */
    public PruneResult withRan(StepRun what) {
        return new PruneResult(model, report, what);
    }
}
