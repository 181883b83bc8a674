package dev.lathe.engine.runtime;

/**
 * How to run a model: intra-op threads (0 lets the runtime choose) and graph optimization level.
 */
public record SessionOptions(int threads, OptimizationLevel optimization) implements java.io.Serializable {
    public enum OptimizationLevel { NONE, BASIC, EXTENDED, ALL }

    public static final SessionOptions DEFAULT = new SessionOptions(1, OptimizationLevel.ALL);

    public SessionOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (runtime chooses) or more, got " + threads);
        }
    }

    public SessionOptions withThreads(int n) {
        return new SessionOptions(n, optimization);
    }
}
