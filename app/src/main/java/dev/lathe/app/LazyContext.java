package dev.lathe.app;

import dev.lathe.engine.store.StoreException;

/** Opens the app context on first use, so `lathe --help` never touches the store. */
public final class LazyContext implements AutoCloseable {
    private final LathePaths paths;
    private AppContext context;

    public LazyContext(LathePaths paths) {
        this.paths = paths;
    }

    /** Where the context's store, caches and logs are, without opening it. */
    public LathePaths paths() {
        return paths;
    }

    public synchronized AppContext get() throws StoreException {
        if (context == null) {
            context = AppContext.open(paths);
        }
        return context;
    }

    @Override
    public synchronized void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }
}
