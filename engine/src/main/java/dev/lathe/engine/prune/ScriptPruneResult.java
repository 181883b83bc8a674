package dev.lathe.engine.prune;

import dev.lathe.engine.provenance.StepRun;

/** A pruned TorchScript model, as the bytes of its {@code .pt} file, and what was done to it. */
public record ScriptPruneResult(byte[] file, PruneReport report, StepRun ran) {
    public ScriptPruneResult(byte[] file, PruneReport report) {
        this(file, report, StepRun.NONE);
    }

    public ScriptPruneResult {
        ran = ran == null ? StepRun.NONE : ran;
    }

    /** The same result, with what its fine-tuning between cuts ran on. */
    public ScriptPruneResult withRan(StepRun what) {
        return new ScriptPruneResult(file, report, what);
    }
}
