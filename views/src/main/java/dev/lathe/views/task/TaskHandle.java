package dev.lathe.views.task;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;

/** A piece of background work that has been started: how far it got, and a way to stop it. */
public interface TaskHandle {

    /** Interrupts the work; it then fails with a {@link dev.lathe.engine.task.CancelledException}. */
    void cancel();

    /** From 0 to 1, or -1 while the total is unknown; changes on the FX thread. */
    ReadOnlyDoubleProperty progressProperty();

    /** The work's latest progress message; changes on the FX thread. */
    ReadOnlyStringProperty messageProperty();
}
