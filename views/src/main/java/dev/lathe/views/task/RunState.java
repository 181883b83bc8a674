package dev.lathe.views.task;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.device.BenchmarkInterruptedException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The state of one user-started run (an evaluation, a benchmark): whether it runs, how far it got, and a line of
 * status. Each start gets a new generation, so the callbacks of a cancelled run never touch the next one.
 */
public final class RunState {
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private TaskHandle handle;
    private int generation;

    /** Marks a run as started and returns its generation, to be passed to the other calls. */
    public int begin(String message) {
        generation++;
        running.set(true);
        progress.unbind();
        progress.set(-1);
        status.unbind();
        status.set(message);
        return generation;
    }

    /** Follows the task's progress, unless the run already ended (inline runners finish before they return). */
    public void attach(int run, TaskHandle task) {
        if (run != generation || !running.get()) {
            return;
        }
        handle = task;
        progress.bind(task.progressProperty());
        status.bind(task.messageProperty());
    }

    /** Ends run {@code run} with a closing status line; false when that run was already superseded. */
    public boolean end(int run, String message) {
        if (run != generation) {
            return false;
        }
        handle = null;
        progress.unbind();
        status.unbind();
        running.set(false);
        progress.set(0);
        status.set(message);
        return true;
    }

    /**
     * Ends the run after a failure; true when the failure is worth showing (not a cancel, not a stale run). A
     * benchmark the device broke off says how much of it was kept.
     */
    public boolean fail(int run, Throwable error) {
        boolean cancelled = error instanceof CancelledException;
        String message = cancelled ? "Cancelled" : "Failed";
        if (error instanceof BenchmarkInterruptedException interrupted && interrupted.storedRunId().isPresent()) {
            message = "Interrupted: " + interrupted.samplesKept() + " samples kept (run #"
                    + interrupted.storedRunId().get() + ")";
        }
        return end(run, message) && !cancelled;
    }

    public void cancel() {
        if (handle != null) {
            handle.cancel();
        }
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
