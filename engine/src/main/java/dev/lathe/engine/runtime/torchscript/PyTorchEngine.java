package dev.lathe.engine.runtime.torchscript;

import ai.djl.engine.Engine;
import dev.lathe.engine.runtime.InferenceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DJL's PyTorch engine, started on first use by whichever thread needs it. The first start in a fresh cache folder
 * unpacks about 430 MB of libtorch from the native jar, which takes seconds, so nothing here runs at class load or
 * application start-up. libtorch can be loaded only once per process: the first successful start decides the cache
 * folder and thread counts for every instance.
 */
public final class PyTorchEngine {
    private static final Logger LOG = LoggerFactory.getLogger(PyTorchEngine.class);
    private static final Object START_LOCK = new Object();
    private static volatile Engine started;
    private static Path startedCacheDir;

    private final Path cacheDir;

    /** {@code cacheDir} receives the unpacked natives; later starts with the same folder reuse them. */
    public PyTorchEngine(Path cacheDir) {
        this.cacheDir = cacheDir.toAbsolutePath();
    }

    /** Starts the engine if this process has not yet, then returns it. Safe to call from any thread. */
    public Engine engine() throws InferenceException {
        Engine engine = started;
        if (engine != null) {
            return engine;
        }
        synchronized (START_LOCK) {
            if (started == null) {
                started = start(cacheDir);
                startedCacheDir = cacheDir;
            } else if (!startedCacheDir.equals(cacheDir)) {
                LOG.warn("PyTorch already runs from {}; ignoring cache folder {}", startedCacheDir, cacheDir);
            }
            return started;
        }
    }

    /** Like "PyTorch 2.7.1 (DJL 0.36.0)"; starts the engine if needed, because only libtorch knows its version. */
    public String runtimeName() throws InferenceException {
        Engine engine = engine();
        return "PyTorch " + engine.getVersion() + " (DJL " + Engine.getDjlVersion() + ")";
    }

    /**
     * What a training step ran on, for its provenance: PyTorch's and DJL's versions, the device and the thread counts
     * libtorch was started with. Starts the engine if needed.
     */
    public java.util.Map<String, String> versions() throws InferenceException {
        Engine engine = engine();
        java.util.Map<String, String> v = new java.util.LinkedHashMap<>();
        v.put("pytorch", engine.getVersion());
        v.put("djl", Engine.getDjlVersion());
        v.put("device", engine.defaultDevice().toString());
        v.put("threads", System.getProperty("ai.djl.pytorch.num_threads", "libtorch's default"));
        v.put("interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "libtorch's default"));
        return v;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    private static Engine start(Path cacheDir) throws InferenceException {
        prepareCache(cacheDir);
        configure(cacheDir);
        NativeCache.discardDamaged(cacheDir);
        long startNanos = System.nanoTime();
        try {
            Engine engine = Engine.getEngine("PyTorch");
            LOG.info("Started PyTorch {} (DJL {}) from {} in {} ms", engine.getVersion(), Engine.getDjlVersion(),
                    cacheDir, (System.nanoTime() - startNanos) / 1_000_000);
            return engine;
        } catch (RuntimeException | LinkageError e) {
            throw new InferenceException("PyTorch could not start from " + cacheDir + ": " + rootMessage(e)
                    + ". Check that the folder is writable with about 430 MB free and that the"
                    + " pytorch-native-cpu jar for this platform is on the class path; deleting the folder's"
                    + " 'pytorch' subfolder forces a clean unpack.", e);
        }
    }

    private static void prepareCache(Path cacheDir) throws InferenceException {
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            // NIO messages are often just the path again; the exception's kind says more.
            throw new InferenceException("PyTorch cannot create its cache folder " + cacheDir + " ("
                    + e.getClass().getSimpleName() + "). Choose a writable folder for Lathe's cache.", e);
        }
    }

    /**
     * DJL reads these when the engine class initialises, so they must be set before the first call into
     * {@code Engine}. Offline stops DJL from downloading natives or phoning home; one intra-op and one inter-op
     * thread keep latency measurements comparable between runs and machines.
     */
    private static void configure(Path cacheDir) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("DJL_CACHE_DIR", cacheDir.toString());
        System.setProperty("ENGINE_CACHE_DIR", cacheDir.toString());
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        for (String variable : new String[] {"DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "DJL_OFFLINE"}) {
            // DJL prefers environment variables over system properties, so a set variable wins; say so in the log.
            if (System.getenv(variable) != null) {
                LOG.warn("Environment variable {}={} overrides Lathe's PyTorch setting", variable, System.getenv(variable));
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return TorchMessages.essence(message);
    }
}
