package dev.lathe.views.support;

import dev.lathe.views.task.BackgroundWork;
import dev.lathe.views.task.TaskHandle;
import dev.lathe.views.task.TaskRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** Runs work at once on the calling thread, so view models can be tested without a screen or an FX thread. */
public final class InlineTaskRunner implements TaskRunner {
    private final ReadOnlyStringWrapper activity = new ReadOnlyStringWrapper("");
    private final List<String> titles = new ArrayList<>();

    @Override
    public <T> TaskHandle run(String title, BackgroundWork<T> work, Consumer<? super T> onSuccess,
                              Consumer<Throwable> onFailure) {
        titles.add(title);
        ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
        ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
        T result;
        try {
            result = work.call((done, total, text) -> {
                progress.set(total > 0 ? (double) done / total : -1);
                message.set(text);
            });
        } catch (Exception e) {
            onFailure.accept(e);
            return handle(progress, message);
        }
        onSuccess.accept(result);
        return handle(progress, message);
    }

    /** Titles of all work run so far, in order. */
    public List<String> titles() {
        return List.copyOf(titles);
    }

    private static TaskHandle handle(ReadOnlyDoubleWrapper progress, ReadOnlyStringWrapper message) {
        return new TaskHandle() {
            @Override
            public void cancel() {
            }

            @Override
            public ReadOnlyDoubleProperty progressProperty() {
                return progress.getReadOnlyProperty();
            }

            @Override
            public ReadOnlyStringProperty messageProperty() {
                return message.getReadOnlyProperty();
            }
        };
    }

    @Override
    public ReadOnlyStringProperty activityProperty() {
        return activity.getReadOnlyProperty();
    }
}
