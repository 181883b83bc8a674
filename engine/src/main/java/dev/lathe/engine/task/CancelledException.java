package dev.lathe.engine.task;

/** Long work was interrupted on purpose; nothing it would have written was stored. */
public final class CancelledException extends LatheException {
    public CancelledException(String what) {
        super(what + " was cancelled");
    }

    /** Throws when the current thread has been interrupted: the engine's one way of honouring a cancel. */
    public static void checkpoint(String what) throws CancelledException {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancelledException(what);
        }
    }
}
