package dev.lathe.views.task;

import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;

/**
 * Runs blocking work off the FX thread and hands its result back on the FX thread. View models depend on this
 * interface only, so tests can run work inline.
 */
public interface TaskRunner {

    /**
     * Starts {@code work}; exactly one of the callbacks is later called on the FX thread. A cancelled task reports a
     * {@link dev.lathe.engine.task.CancelledException} to {@code onFailure}.
     */
    <T> TaskHandle run(String title, BackgroundWork<T> work, Consumer<? super T> onSuccess,
                       Consumer<Throwable> onFailure);

    /** What is running now, for the status bar: empty when idle. */
    ReadOnlyStringProperty activityProperty();
}
