package dev.lathe.views.wall;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Something the wall can include, with its checkbox state.
 *
 * @param enabled false for a device that cannot run now (offline, not paired)
 * @param note    what the checkbox says beside the name: a device's state, a variant's place in the family
 */
public record WallChoice<T>(T value, String label, String note, boolean enabled, BooleanProperty selected) {
    static <T> WallChoice<T> of(T value, String label, String note, boolean enabled, boolean selected) {
        return new WallChoice<>(value, label, note, enabled, new SimpleBooleanProperty(selected));
    }

    boolean chosen() {
        return enabled && selected.get();
    }
}
