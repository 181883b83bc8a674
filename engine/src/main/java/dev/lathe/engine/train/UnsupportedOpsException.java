package dev.lathe.engine.train;

import java.util.Collection;
import java.util.List;

/**
 * The graph uses operators the trainable bridge does not translate. Thrown before any work starts, listing every
 * such operator at once, so a user learns the whole gap from one attempt rather than one op per try.
 */
public final class UnsupportedOpsException extends TrainingException {
    private final List<String> opTypes;

    public UnsupportedOpsException(String modelName, Collection<String> opTypes, Collection<String> supported) {
        super(modelName + " uses operators Lathe cannot train: " + String.join(", ", opTypes)
                + ". Trainable operators are " + String.join(", ", supported)
                + ". Export the model with only these, or choose a recipe that does not train (such as quantization).");
        this.opTypes = List.copyOf(opTypes);
    }

    /** The unsupported operator types, each once, in graph order. */
    public List<String> opTypes() {
        return opTypes;
    }
}
