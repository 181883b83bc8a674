package dev.lathe.views.common;

import dev.lathe.engine.store.ModelRecord;

/**
 * Why a tab cannot run the model on show: its format has no runtime yet (an ExecuTorch program). The engine refuses
 * the run with the same words; a tab shows them where its Run button is, which stays disabled.
 */
public final class RunnableModel {
    private RunnableModel() {
    }

    /** The reason, one line naming the model, or empty for a model that runs (or none). */
    public static String problem(ModelRecord model) {
        return model == null ? "" : model.format().whyNotRunnable().map(why -> model.name() + ": " + why).orElse("");
    }
}
