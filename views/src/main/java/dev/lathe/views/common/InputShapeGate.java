package dev.lathe.views.common;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.task.TaskRunner;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Makes sure a model has an input shape before it is run. Models that declare none (TorchScript) get one from the
 * user once; it is remembered in the store, so the next run and the next session do not ask again.
 */
public final class InputShapeGate {
    private final Workbench workbench;
    private final TaskRunner tasks;
    private final ShapePrompt prompt;
    private final ErrorSink errors;

    public InputShapeGate(Workbench workbench, TaskRunner tasks, ShapePrompt prompt, ErrorSink errors) {
        this.workbench = workbench;
        this.tasks = tasks;
        this.prompt = prompt;
        this.errors = errors;
    }

    public static boolean needsShape(ModelRecord model) {
        return !model.summary().declaresInputShape() && model.inputShape().isEmpty();
    }

    /** Calls {@code then} on the FX thread with a record that has a usable shape; not at all if the user declines. */
    public void withShape(ModelRecord model, Consumer<ModelRecord> then) {
        if (!needsShape(model)) {
            then.accept(model);
            return;
        }
        // The record in hand may predate a shape given in another tab, so ask the store first.
        tasks.run("Reading " + model.name(), p -> workbench.model(model.sha256()).orElse(model),
                fresh -> askIfNeeded(fresh, then), errors::report);
    }

    private void askIfNeeded(ModelRecord model, Consumer<ModelRecord> then) {
        if (!needsShape(model)) {
            then.accept(model);
            return;
        }
        String problem = "";
        while (true) {
            Optional<String> answer = prompt.ask(model, problem);
            if (answer.isEmpty()) {
                return;
            }
            try {
                long[] shape = ShapeText.parse(answer.get());
                tasks.run("Remembering the input shape of " + model.name(),
                        p -> workbench.rememberInputShape(model, shape), then, errors::report);
                return;
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
    }
}
