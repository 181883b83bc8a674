package dev.lathe.app.devices;

import dev.lathe.app.AppContext;
import dev.lathe.app.LathePaths;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.device.Devices;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.views.LatheWindow;
import dev.lathe.views.ViewServices;
import dev.lathe.views.task.DaemonThreads;
import dev.lathe.views.wall.DevicePanel;
import dev.lathe.views.wall.WallView;
import dev.lathe.views.wall.WallViewModel;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

/**
 * Whether this computer's runner should run below the window's CPU priority. The desktop app as it is assembled (the
 * real window, this computer's real child agent from {@link AppContext#forWindow}), the sample CNN benchmarked on the
 * Board wall with a minimum duration, every sample streamed into the wall's panel. The child starts at this process's
 * priority; each phase sets the niceness of all its threads (Linux keeps one per thread) to 0 or to the value asked,
 * alternating 0, N, N, 0, … so drift in the machine's other load falls on both alike.
 * <ol>
 *   <li>Streaming to the wall: gaps between FX pulses (an {@link AnimationTimer}), the time a
 *       {@code Platform.runLater} posted every 20 ms from another thread waits, this process's and the child's CPU,
 *       the samples per second the panel drew, and the stored run's p50.</li>
 *   <li>Window idle: the same model benchmarked on the child directly (samples dropped, nothing drawn, no pulse
 *       forced), its exact p50 per phase and the ratio of each niceness-N run to the normal run beside it.</li>
 * </ol>
 * Arguments: seconds per phase (default 10), rounds (default 3), the lower priority's niceness (default 10), the
 * model's intra-op threads (default 1), the batch (default 1). Linux only, and it must run as root to set a niceness back to 0.
 */
public final class ThisComputerPriorityBenchmark {
    private final List<Long> pulseGaps = new ArrayList<>();
    private final List<Long> roundTrips = new ArrayList<>();
    private volatile boolean recording;
    private long lastPulse;
    private AnimationTimer pulses;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int niceness = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        new ThisComputerPriorityBenchmark().run(seconds, rounds, niceness, threads, batch);
        System.exit(0);
    }

    /** This computer's runner: the child process whose command line names its data folder. */
    private static long runnerPid(Path dataDir) {
        return ProcessHandle.current().children().filter(c -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(c.pid()), "cmdline"))
                        .contains(dataDir.toString());
            } catch (java.io.IOException e) {
                return false;
            }
        }).findFirst().orElseThrow(() -> new IllegalStateException("no runner with data folder " + dataDir)).pid();
    }

    private void run(int seconds, int rounds, int niceness, int threads, int batch) throws Exception {
        Path tmp = Files.createTempDirectory("lathe-priority-bench");
        LathePaths paths = new LathePaths(tmp.resolve("data"), tmp.resolve("cache"));
        ExecutorService pool = DaemonThreads.pool("bench-task");
        AppContext context = AppContext.forWindow(paths, false, 0);
        Devices directory = context.workbench().devices();
        try {
            ViewServices services = ViewServices.standard(context.workbench(), pool, Optional.empty(),
                    Optional.empty(), Optional.empty(), paths.dataDir().resolve("recent.properties"));
            CompletableFuture<LatheWindow> shown = new CompletableFuture<>();
            Platform.startup(() -> shown.complete(LatheWindow.show(new Stage(), services)));
            LatheWindow window = shown.get(60, TimeUnit.SECONDS);
            waitFor(() -> directory.entries().get(0).state() == DeviceState.ONLINE, 120);
            long pid = runnerPid(paths.thisComputerDir());
            startProbes();

            Path model = Files.copy(Entries.sampleCnn(), tmp.resolve("cnn.onnx"));
            fx(() -> window.open(model));
            waitFor(() -> fx(() -> window.stage().getScene().lookup("#model-tabs") != null
                    && window.stage().getScene().lookup("#model-tabs").isVisible()), 60);
            fx(() -> ((TabPane) window.stage().getScene().lookup("#model-tabs")).getSelectionModel().select(5));
            waitFor(() -> fx(() -> !window.stage().getScene().lookup("#wall-run").isDisabled()), 60);
            ModelRecord record = context.workbench().models().get(0);
            Device device = directory.device(DeviceDirectory.THIS_COMPUTER);
            ModelHandle handle = new ModelHandle(model, ModelFormat.ONNX, Optional.empty());
            device.benchmark(handle, new BenchConfig(20, 100, 0, batch, threads, Optional.empty()), (i, ns) -> { },
                    Progress.NONE);

            System.out.printf(Locale.ROOT, "This computer's runner beside the window: %s, batch %d, %d intra-op thread(s), "
                    + "%d s per phase, %d rounds, niceness 0 vs %d, %d cores, load average %.2f%n", record.name(),
                    batch, threads, seconds, rounds, niceness, Runtime.getRuntime().availableProcessors(), load());
            System.out.println("streaming to the wall   nice  load   pulses  gap p50  gap p99  gap max   runLater p50"
                    + "  p99     max   window CPU  child CPU  samples/s  run p50 ms");
            WallView wall = fx(() -> (WallView) window.stage().getScene().lookup("#wall-view"));
            List<double[]> streaming = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                for (int n : order(r, niceness)) {
                    streaming.add(streamPhase(r, n, pid, wall, record, context, seconds, threads, batch));
                }
            }
            summarize(streaming, niceness, new String[] {"gap p50", "gap p99", "gap max", "runLater p50",
                    "runLater p99", "runLater max", "window CPU %", "child CPU %", "samples/s", "run p50 ms"}, 3);

            fx(() -> pulses.stop());
            System.out.println("window idle             nice  load   runs      p50 ms   ratio to the normal run beside it");
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                double[] p50 = new double[2];
                int[] arms = order(r, niceness);
                for (int k = 0; k < 2; k++) {
                    reniceAll(pid, arms[k]);
                    List<Long> samples = java.util.Collections.synchronizedList(new ArrayList<>());
                    device.benchmark(handle, new BenchConfig(20, 1, seconds, batch, threads, Optional.empty()),
                            (i, ns) -> samples.add(ns), Progress.NONE);
                    long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
                    p50[arms[k] == 0 ? 0 : 1] = ms(sorted, 0.5);
                    System.out.printf(Locale.ROOT, "round %d                 %4d  %5.2f  %6d    %7.4f%n", r + 1, arms[k],
                            load(), sorted.length, ms(sorted, 0.5));
                }
                ratios.add(p50[1] / p50[0]);
                System.out.printf(Locale.ROOT, "round %d  p50 at nice %d / p50 at nice 0 = %.3f%n", r + 1, niceness,
                        p50[1] / p50[0]);
            }
            double[] sortedRatios = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "p50 ratio nice %d / nice 0: median %.3f, range %.3f–%.3f; load average "
                    + "%.2f%n", niceness, median(sortedRatios), sortedRatios[0],
                    sortedRatios[sortedRatios.length - 1], load());
        } finally {
            context.close();
            pool.shutdownNow();
            deleteQuietly(tmp.toFile());
        }
    }

    /** 0 then N in even rounds, N then 0 in odd ones. */
    private static int[] order(int round, int niceness) {
        return round % 2 == 0 ? new int[] {0, niceness} : new int[] {niceness, 0};
    }

    private double[] streamPhase(int round, int niceness, long pid, WallView wall, ModelRecord record,
                                 AppContext context, int seconds, int threads, int batch)
            throws Exception {
        reniceAll(pid, niceness);
        long storedBefore = context.workbench().benchmarks(record).size();
        fx(() -> {
            WallViewModel vm = wall.viewModel();
            vm.settings().warmupProperty().set(20);
            vm.settings().batchProperty().set(batch);
            vm.settings().iterationsProperty().set(1);
            vm.settings().threadsProperty().set(threads);
            vm.settings().secondsProperty().set((double) seconds + 3);
            vm.run();
        });
        waitFor(() -> fx(() -> wall.panels().size() == 1 && wall.panels().get(0).samples() > 0), 60);
        // Threads the run started before the first sample were created by threads already set; set them again.
        IntSummaryStatistics seen = reniceAll(pid, niceness);
        long drawnBefore = fx(() -> wall.panels().get(0).samples());
        long childCpu = childCpuNanos(pid);
        long cpu = processCpuNanos();
        double took = measure(seconds);
        double windowCpu = (processCpuNanos() - cpu) / 1e9 / took * 100;
        double childShare = (childCpuNanos(pid) - childCpu) / 1e9 / took * 100;
        long drawnAfter = fx(() -> wall.panels().stream().mapToLong(DevicePanel::samples).sum());
        waitFor(() -> fx(() -> !wall.viewModel().runningProperty().get()), 120);
        waitFor(() -> context.workbench().benchmarks(record).size() > storedBefore, 30);
        double runP50 = context.workbench().benchmarks(record).stream()
                .max(Comparator.comparingLong(StoredBenchmark::id)).orElseThrow().result().stats().p50Ms();
        long[] gaps = fx(() -> pulseGaps.stream().mapToLong(Long::longValue).sorted().toArray());
        long[] trips;
        synchronized (roundTrips) {
            trips = roundTrips.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        double[] row = {ms(gaps, 0.5), ms(gaps, 0.99), ms(gaps, 1), ms(trips, 0.5), ms(trips, 0.99), ms(trips, 1),
            windowCpu, childShare, (drawnAfter - drawnBefore) / took, runP50, niceness};
        System.out.printf(Locale.ROOT, "round %d (threads %d..%d) %4d  %5.2f  %6d  %6.1f   %6.1f   %6.1f     %6.2f   "
                        + "%7.2f %7.2f   %5.0f %%     %5.0f %%    %7.0f   %7.4f%n", round + 1, seen.getMin(),
                seen.getMax(), niceness, load(), gaps.length, row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                row[7], row[8], row[9]);
        return row;
    }

    /** Per measure, the median over the rounds at each niceness. */
    private static void summarize(List<double[]> rows, int niceness, String[] names, int decimals) {
        System.out.println("median over rounds       nice 0    nice " + niceness);
        for (int i = 0; i < names.length; i++) {
            int col = i;
            double[] normal = rows.stream().filter(r -> r[r.length - 1] == 0).mapToDouble(r -> r[col]).sorted()
                    .toArray();
            double[] low = rows.stream().filter(r -> r[r.length - 1] != 0).mapToDouble(r -> r[col]).sorted()
                    .toArray();
            System.out.printf(Locale.ROOT, "%-22s %9." + decimals + "f %9." + decimals + "f%n", names[i],
                    median(normal), median(low));
        }
    }

    /** The middle value, or the mean of the two middle ones. */
    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Sets every thread of {@code pid} to {@code niceness} with {@code renice} (absolute values in util-linux 2.38),
     * then reads back what the kernel holds, which the report shows.
     */
    private static IntSummaryStatistics reniceAll(long pid, int niceness) throws Exception {
        List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(niceness), "-p"));
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(t -> command.add(t.getFileName().toString()));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(
                ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with code " + p.exitValue());
        }
        IntSummaryStatistics seen = ThreadNiceness.of(pid).stream().mapToInt(Integer::intValue).summaryStatistics();
        if (seen.getMin() != niceness || seen.getMax() != niceness) {
            throw new IllegalStateException("the child's threads hold niceness " + seen.getMin() + ".."
                    + seen.getMax() + ", not " + niceness);
        }
        return seen;
    }

    private static long childCpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
    }

    private void startProbes() {
        Platform.runLater(() -> {
            pulses = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    if (recording && lastPulse != 0) {
                        pulseGaps.add(now - lastPulse);
                    }
                    lastPulse = now;
                }
            };
            pulses.start();
        });
        Thread prober = new Thread(() -> {
            while (true) {
                long posted = System.nanoTime();
                CompletableFuture<Void> ran = new CompletableFuture<>();
                Platform.runLater(() -> ran.complete(null));
                try {
                    ran.get();
                    if (recording) {
                        synchronized (roundTrips) {
                            roundTrips.add(System.nanoTime() - posted);
                        }
                    }
                    Thread.sleep(20);
                } catch (Exception e) {
                    return;
                }
            }
        }, "bench-runlater-probe");
        prober.setDaemon(true);
        prober.start();
    }

    /** Records for {@code seconds}; returns the seconds actually recorded. */
    private double measure(int seconds) throws Exception {
        fx(() -> {
            pulseGaps.clear();
            lastPulse = 0;
        });
        synchronized (roundTrips) {
            roundTrips.clear();
        }
        long start = System.nanoTime();
        recording = true;
        Thread.sleep(seconds * 1000L);
        recording = false;
        return (System.nanoTime() - start) / 1e9;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] / 1e6;
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        AtomicReference<T> out = new AtomicReference<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                out.set(read.call());
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.get(30, TimeUnit.SECONDS);
        return out.get();
    }

    private static void fx(Runnable action) throws Exception {
        fx(() -> {
            action.run();
            return null;
        });
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void waitFor(Check check, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!check.holds()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after " + seconds + " s");
            }
            Thread.sleep(50);
        }
    }

    private static void deleteQuietly(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            Arrays.stream(children).forEach(ThisComputerPriorityBenchmark::deleteQuietly);
        }
        f.delete();
    }
}
