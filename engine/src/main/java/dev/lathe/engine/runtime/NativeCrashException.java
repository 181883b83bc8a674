package dev.lathe.engine.runtime;

/**
 * A runtime's native code crashed the process that loaded or ran a model (a worker, never the caller's), in one line
 * naming the runtime, what it was doing, the signal, and that the caller carries on: "ONNX Runtime crashed while
 * loading m.onnx (SIGFPE); the board is fine". Passed on as it is: a message wrapped around it would hide that line.
 */
public final class NativeCrashException extends InferenceException {
    public NativeCrashException(String message) {
        super(message);
    }
}
