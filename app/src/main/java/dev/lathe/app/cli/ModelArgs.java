package dev.lathe.app.cli;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.store.ModelRecord;
import java.nio.file.Path;
import java.util.Optional;

/** Opens the model a command names, remembering a given input shape for models that declare none. */
final class ModelArgs {
    private ModelArgs() {
    }

    /**
     * Refuses a model recipes do not start from (an ExecuTorch program) before a command stores it or starts a
     * worker for it; the workbench refuses the run too, this saves the wait and the store a model nothing was made of.
     */
    static void requireRecipeParent(Path model) throws LatheException {
        ModelFormat.detect(model).requireRecipeParent(model.getFileName().toString());
    }

    static ModelRecord open(Workbench workbench, Path model, Optional<long[]> inputShape) throws LatheException {
        ModelRecord record = workbench.open(model);
        if (inputShape.isPresent()) {
            record = workbench.rememberInputShape(record, inputShape.get());
        }
        return record;
    }
}
