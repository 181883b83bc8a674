package dev.lathe.views.task;

import dev.lathe.engine.task.CancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;

/**
 * Runs work as {@link Task}s on an app-wide executor. Task's own progress and message updates are coalesced into
 * at most one pending FX event each, so engines may report as often as they like.
 */
public final class FxTaskRunner implements TaskRunner {
    private final ExecutorService executor;
    private final List<WorkTask<?>> running = new ArrayList<>();
    private final ReadOnlyStringWrapper activity = new ReadOnlyStringWrapper("");

    public FxTaskRunner(ExecutorService executor) {
        this.executor = Objects.requireNonNull(executor);
    }

    @Override
    public <T> TaskHandle run(String title, BackgroundWork<T> work, Consumer<? super T> onSuccess,
                              Consumer<Throwable> onFailure) {
        WorkTask<T> task = new WorkTask<>(title, work);
        task.setOnSucceeded(e -> {
            finished(task);
            onSuccess.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            finished(task);
            onFailure.accept(task.getException());
        });
        task.setOnCancelled(e -> {
            finished(task);
            onFailure.accept(new CancelledException(title));
        });
        onFxThread(() -> started(task));
        executor.execute(task);
        return new Handle(task);
    }

    @Override
    public ReadOnlyStringProperty activityProperty() {
        return activity.getReadOnlyProperty();
    }

    private void started(WorkTask<?> task) {
        running.add(task);
        task.messageProperty().addListener((obs, old, now) -> describeActivity());
        describeActivity();
    }

    private void finished(WorkTask<?> task) {
        running.remove(task);
        describeActivity();
    }

    /** The newest task is the one a user just asked for, so it is the one named. */
    private void describeActivity() {
        if (running.isEmpty()) {
            activity.set("");
            return;
        }
        WorkTask<?> last = running.get(running.size() - 1);
        String message = last.getMessage();
        String text = message == null || message.isBlank() ? last.getTitle() : last.getTitle() + ": " + message;
        activity.set(running.size() == 1 ? text : text + " (+" + (running.size() - 1) + " more)");
    }

    private static void onFxThread(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }

    private record Handle(Task<?> task) implements TaskHandle {
        @Override
        public void cancel() {
            task.cancel(true);
        }

        @Override
        public ReadOnlyDoubleProperty progressProperty() {
            return task.progressProperty();
        }

        @Override
        public ReadOnlyStringProperty messageProperty() {
            return task.messageProperty();
        }
    }

    private static final class WorkTask<T> extends Task<T> {
        private final BackgroundWork<T> work;

        WorkTask(String title, BackgroundWork<T> work) {
            this.work = work;
            updateTitle(title);
        }

        @Override
        protected T call() throws Exception {
            return work.call((done, total, message) -> {
                if (total > 0) {
                    updateProgress(done, total);
                } else {
                    updateProgress(-1, -1);
                }
                updateMessage(message);
            });
        }
    }
}
