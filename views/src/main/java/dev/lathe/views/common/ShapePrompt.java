package dev.lathe.views.common;

import dev.lathe.engine.store.ModelRecord;
import java.util.Optional;

/** Asks a user for an input shape; empty when they decline. Called on the FX thread, and may block it modally. */
@FunctionalInterface
public interface ShapePrompt {

    /** @param problem why the last answer was refused, or empty on the first ask */
    Optional<String> ask(ModelRecord model, String problem);
}
