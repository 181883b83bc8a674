package dev.lathe.engine.task;

/** How long work reports how far it got, without knowing who listens. Called from the working thread. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total, message) -> { };

    /** {@code total} is -1 when unknown. */
    void report(long done, long total, String message);

    /**
     * A new stage of the work begins ("step 1/2 quantize", "evaluating cnn.int8.onnx"): the reports that follow
     * belong to it, so a listener can say where they stand in the whole. Listeners that show one message at a time
     * need not hear it.
     */
    default void stage(String name) {
    }
}
