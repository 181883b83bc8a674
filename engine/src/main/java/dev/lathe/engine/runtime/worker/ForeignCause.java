package dev.lathe.engine.runtime.worker;

/**
 * An exception of a library's own class (ONNX Runtime's {@code OrtException}, DJL's {@code EngineException}) as it
 * crosses from the worker: its class name and message, its stack and its causes, for the log.
 */
final class ForeignCause extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ForeignCause(Throwable original) {
        super(original.getClass().getName() + ": " + original.getMessage(), original.getCause());
        setStackTrace(original.getStackTrace());
    }
}
