package dev.lathe.views.common;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.variant.SaturationWarning;
import dev.lathe.views.task.TaskRunner;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Whether the model on show has int8 weights that saturate this computer's int8 kernels (x86 without VNNI), read in
 * the background when the model changes, and the offer to make it again with weights that cannot.
 */
public final class SaturationAdvice {
    private final Workbench workbench;
    private final TaskRunner tasks;
    private final Consumer<ModelRecord> remake;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper remakeable = new ReadOnlyBooleanWrapper();
    private ModelRecord model;

    /** @param remake makes the variant again with {@code reduce_range: auto} (the Optimize tab does) */
    public SaturationAdvice(Workbench workbench, TaskRunner tasks, Consumer<ModelRecord> remake) {
        this.workbench = workbench;
        this.tasks = tasks;
        this.remake = remake;
    }

    public void check(ModelRecord next) {
        model = next;
        message.set("");
        summary.set("");
        remakeable.set(false);
        if (next == null) {
            return;
        }
        tasks.run("Checking the int8 weights of " + next.name(), p -> new Checked(workbench.saturation(next)
                .summary(), workbench.saturationWarning(next, workbench.thisComputer())), checked -> {
                    if (model != null && model.sha256().equals(next.sha256())) {
                        summary.set(checked.summary());
                        message.set(checked.warning().map(SaturationWarning::sentence).orElse(""));
                        remakeable.set(checked.warning().map(SaturationWarning::remakeable).orElse(false));
                    }
                },
                // A model that cannot be read says so when it runs; the advice is only a hint.
                error -> message.set(""));
    }

    private record Checked(String summary, Optional<SaturationWarning> warning) {
    }

    /** Makes the model on show again with weights that cannot saturate. */
    public void remake() {
        if (model != null && remakeable.get()) {
            remake.accept(model);
        }
    }

    /** The warning, empty when there is none. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** What the model's int8 weights are, whatever this computer: empty for a model without int8 layers. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty remakeableProperty() {
        return remakeable.getReadOnlyProperty();
    }
}
