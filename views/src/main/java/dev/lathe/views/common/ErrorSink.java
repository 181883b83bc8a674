package dev.lathe.views.common;

/** Where failures of background work go: shown to the user once, logged once. Called on the FX thread. */
@FunctionalInterface
public interface ErrorSink {
    void report(Throwable error);
}
