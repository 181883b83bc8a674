package dev.lathe.engine.device;

import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.eval.EvaluationResult;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The device behind one entry of a {@link DeviceDirectory}, for code that holds a single {@link Device}: the
 * workbench runs "this computer" through it, so local figures come from the child agent, the same code path as a
 * board's. A run waits, reporting so, while the entry is connecting (the agent starting or being restarted), and
 * fails with the entry's own explanation when it is offline or does not come up within the patience given.
 *
 * <p>The directory can be opened on first use (the command line starts this computer's agent only for a run that
 * needs it); one opened here is closed by {@link #close()}.
 */
public final class DirectoryDevice implements Device, AutoCloseable {
    private static final long POLL_MILLIS = 50;

    /** Opens the directory on first use. */
    @FunctionalInterface
    public interface Opener {
        DeviceDirectory open() throws DeviceException;
    }

    private final Opener opener;
    private final boolean owned;
    private final String key;
    private final Duration patience;
    private final Supplier<DeviceFingerprint> unreached;
    private DeviceDirectory directory;

    private DirectoryDevice(Opener opener, boolean owned, String key, Duration patience,
                            Supplier<DeviceFingerprint> unreached) {
        this.opener = opener;
        this.owned = owned;
        this.key = key;
        this.patience = patience;
        this.unreached = unreached;
    }

    /**
     * The entry {@code key} of a directory someone else opened and closes.
     *
     * @param unreached what {@link #describe()} answers when the entry's device has never answered (e.g. the
     *                  in-process description of this computer), so a caller that only wants a name never fails
     */
    public static DirectoryDevice of(DeviceDirectory directory, String key, Duration patience,
                                     Supplier<DeviceFingerprint> unreached) {
        return new DirectoryDevice(() -> directory, false, key, patience, unreached);
    }

    /** As {@link #of}, with the directory opened by {@code opener} on first use and closed with this device. */
    public static DirectoryDevice opening(Opener opener, String key, Duration patience,
                                          Supplier<DeviceFingerprint> unreached) {
        return new DirectoryDevice(opener, true, key, patience, unreached);
    }

    /**
     * What the entry's device last said it is: waits for its first answer (up to the patience), then answers the
     * fallback given at construction if it never came.
     */
    @Override
    public DeviceFingerprint describe() {
        try {
            DeviceDirectory d = directory();
            long deadline = System.nanoTime() + patience.toNanos();
            while (true) {
                Optional<DeviceEntry> e = entry(d);
                if (e.isPresent() && e.get().fingerprint().isPresent()) {
                    return e.get().fingerprint().get();
                }
                if (e.isEmpty() || e.get().state() == DeviceState.OFFLINE || System.nanoTime() > deadline) {
                    return unreached.get();
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (DeviceException e) {
            return unreached.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreached.get();
        }
    }

    @Override
    public EvaluationResult evaluate(ModelHandle model, Dataset data, EvalRequest request, Progress progress)
            throws LatheException {
        return online(progress).evaluate(model, data, request, progress);
    }

    @Override
    public BenchmarkResult benchmark(ModelHandle model, BenchConfig config, SampleListener samples, Progress progress)
            throws LatheException {
        return online(progress).benchmark(model, config, samples, progress);
    }

    @Override
    public BenchmarkResult benchmark(ModelHandle model, BenchConfig config, SampleListener samples,
                                     Consumer<TelemetrySample> telemetry, Progress progress) throws LatheException {
        return online(progress).benchmark(model, config, samples, telemetry, progress);
    }

    /** The entry's device once it is online, waiting while it connects. */
    private Device online(Progress progress) throws LatheException {
        DeviceDirectory d = directory();
        long deadline = System.nanoTime() + patience.toNanos();
        String said = null;
        while (true) {
            CancelledException.checkpoint("Waiting for a device");
            Optional<DeviceEntry> e = entry(d);
            if (e.isEmpty()) {
                return d.device(key); // the directory's own message: unknown, not paired…
            }
            DeviceEntry entry = e.get();
            switch (entry.state()) {
                case ONLINE -> {
                    return d.device(key);
                }
                case OFFLINE, DISCOVERED -> throw new DeviceException(entry.name() + " is " + (entry.state()
                        == DeviceState.OFFLINE ? "offline" : "not paired") + (entry.detail().isEmpty() ? "."
                        : ": " + entry.detail()));
                case CONNECTING -> {
                    if (System.nanoTime() > deadline) {
                        throw new DeviceException(entry.name() + " did not come up within " + patience.toSeconds()
                                + " s" + (entry.detail().isEmpty() ? "" : " (" + entry.detail() + ")")
                                + ". Try again; if it keeps failing, restart Lathe.");
                    }
                    if (!entry.detail().equals(said)) {
                        said = entry.detail();
                        progress.report(0, -1, said.isEmpty() ? entry.name() + " is connecting…" : said);
                    }
                }
                default -> throw new IllegalStateException("unknown device state " + entry.state());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new CancelledException("Waiting for " + entry.name());
            }
        }
    }

    /**
     * Opens the directory now rather than at the first call, so a device that starts in the background (this
     * computer's runner) gets ready while the caller does other work.
     */
    public void start() throws DeviceException {
        directory();
    }

    /** The entry as its directory lists it now; empty while the directory is not open (nothing is started here). */
    public synchronized Optional<DeviceEntry> entry() {
        return directory == null ? Optional.empty() : entry(directory);
    }

    private Optional<DeviceEntry> entry(DeviceDirectory d) {
        return d.entries().stream().filter(e -> e.key().equals(key)).findFirst();
    }

    private synchronized DeviceDirectory directory() throws DeviceException {
        if (directory == null) {
            directory = opener.open();
        }
        return directory;
    }

    /** Closes the directory if this device opened it. */
    @Override
    public synchronized void close() {
        if (owned && directory != null) {
            directory.close();
            directory = null;
        }
    }
}
