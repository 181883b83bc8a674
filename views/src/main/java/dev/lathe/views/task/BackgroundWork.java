package dev.lathe.views.task;

import dev.lathe.engine.task.Progress;

/** Work that blocks (engine calls, file reads) and so must run off the FX thread. It reports through the engine's {@link Progress}. */
@FunctionalInterface
public interface BackgroundWork<T> {
    T call(Progress progress) throws Exception;
}
