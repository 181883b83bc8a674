package dev.lathe.views.wall;

import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.LatheWindow;
import dev.lathe.views.ViewServices;
import dev.lathe.views.common.AlertErrorSink;
import dev.lathe.views.common.RecentFiles;
import dev.lathe.views.support.FrameProbe;
import static dev.lathe.views.support.FxBench.deleteQuietly;
import static dev.lathe.views.support.FxBench.fx;
import static dev.lathe.views.support.FxBench.waitFor;
import dev.lathe.views.support.TestAgent;
import dev.lathe.views.support.TestDevices;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.support.TestModels;
import dev.lathe.views.task.DaemonThreads;
import dev.lathe.views.task.FxTaskRunner;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * How responsive the window stays while the board wall draws three devices streaming at full speed. Three real
 * agent processes on loopback run a tiny ONNX classifier (Flatten + Gemm, a few microseconds a run); the window is
 * the real one, on the Board wall tab. Three phases of equal length, measured in one run:
 * <ol>
 *   <li>idle: the wall on screen, nothing running;</li>
 *   <li>agents busy, not drawn: the three agents benchmark and stream their samples to this process, which drops
 *       them, so the machine is as loaded as in phase 3 but the wall draws nothing;</li>
 *   <li>streaming to the wall: the same three runs started from the wall, every sample through its panels.</li>
 * </ol>
 * For each it prints the gaps between FX pulses (an {@link AnimationTimer}) and the time a {@code Platform.runLater}
 * posted every 20 ms from another thread takes to run, plus the samples per second each device delivered.
 * Arguments: seconds per phase (default 10), and optionally a PNG file for a snapshot of the window mid-stream.
 */
public final class BoardWallBenchmark {
    private static final int DEVICES = 3;

    private final FrameProbe probe = new FrameProbe();
    private FrameProbe.Figures figures;
    private double cpuShare;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Optional<Path> snapshot = args.length > 1 ? Optional.of(Path.of(args[1])) : Optional.empty();
        new BoardWallBenchmark().run(seconds, snapshot);
        System.exit(0);
    }

    private void run(int seconds, Optional<Path> snapshot) throws Exception {
        Path tmp = Files.createTempDirectory("lathe-wall-bench");
        List<TestAgent> agents = new ArrayList<>();
        TestDevices devices = TestDevices.boardsOnly();
        TestEngine engine = TestEngine.open(tmp.resolve("lathe.db"), devices);
        ExecutorService pool = DaemonThreads.pool("bench-task");
        try {
            for (int i = 0; i < DEVICES; i++) {
                TestAgent agent = TestAgent.start(tmp.resolve("agent-" + i), true);
                agents.add(agent);
                devices.pair("127.0.0.1", agent.port(), agent.token());
            }
            Path model = TestModels.tiny(tmp);
            ModelRecord record = engine.workbench().open(model);
            CompletableFuture<LatheWindow> shown = new CompletableFuture<>();
            Platform.startup(() -> shown.complete(LatheWindow.show(new Stage(), new ViewServices(engine.workbench(),
                    new FxTaskRunner(pool), Optional.empty(), Optional.empty(), Optional.empty(),
                    new RecentFiles(tmp.resolve("recent.properties")), new AlertErrorSink()))));
            LatheWindow window = shown.get(30, TimeUnit.SECONDS);
            probe.start();
            fx(() -> window.open(model));
            waitFor(() -> fx(() -> window.stage().getScene().lookup("#model-tabs").isVisible()), 30);
            fx(() -> ((TabPane) window.stage().getScene().lookup("#model-tabs")).getSelectionModel().select(5));
            waitFor(() -> fx(() -> !window.stage().getScene().lookup("#wall-run").isDisabled()), 30);
            // The agents load the model once before the phases, so no phase pays for the upload.
            warmUp(devices, model);

            System.out.printf(Locale.ROOT, "Board wall responsiveness: %d real agents on loopback (nice 19, standing in "
                    + "for separate boards), %s, %d s per phase, %d cores, load average %.1f%n", DEVICES, record.name(),
                    seconds, Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.println("phase                        pulses  gap p50  gap p99  gap max   runLater p50  p99    "
                    + "max    window CPU  samples/s per device");
            report("idle", measure(seconds), List.of());

            List<AtomicLong> dropped = new ArrayList<>();
            List<CompletableFuture<Void>> busy = new ArrayList<>();
            BenchConfig config = new BenchConfig(200, 1, seconds + 4, 1, 1, Optional.empty());
            for (DeviceEntry e : devices.entries()) {
                AtomicLong count = new AtomicLong();
                dropped.add(count);
                Device d = devices.device(e.key());
                busy.add(CompletableFuture.runAsync(() -> {
                    try {
                        d.benchmark(new ModelHandle(model, ModelFormat.ONNX, Optional.empty()), config,
                                (i, ns) -> count.incrementAndGet(), (done, total, m) -> { });
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                }));
            }
            waitFor(() -> dropped.stream().allMatch(c -> c.get() > 0), 30);
            long[] before = dropped.stream().mapToLong(AtomicLong::get).toArray();
            double took = measure(seconds);
            long[] after = dropped.stream().mapToLong(AtomicLong::get).toArray();
            report("agents busy, not drawn", took, rates(before, after, took));
            CompletableFuture.allOf(busy.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            WallView wall = fx(() -> (WallView) window.stage().getScene().lookup("#wall-view"));
            fx(() -> {
                WallViewModel vm = findViewModel(wall);
                vm.settings().warmupProperty().set(200);
                vm.settings().iterationsProperty().set(1);
                vm.settings().secondsProperty().set((double) seconds + 4);
                vm.run();
                return null;
            });
            waitFor(() -> fx(() -> wall.panels().size() == DEVICES
                    && wall.panels().stream().allMatch(p -> p.samples() > 0)), 30);
            long[] drawnBefore = fx(() -> wall.panels().stream().mapToLong(DevicePanel::samples).toArray());
            long[] framesBefore = fx(() -> wall.panels().stream().mapToLong(DevicePanel::frames).toArray());
            took = measure(seconds);
            long[] drawnAfter = fx(() -> wall.panels().stream().mapToLong(DevicePanel::samples).toArray());
            long[] framesAfter = fx(() -> wall.panels().stream().mapToLong(DevicePanel::frames).toArray());
            if (snapshot.isPresent()) {
                fx(() -> ImageIO.write(SwingFXUtils.fromFXImage(window.stage().getScene().snapshot(null), null),
                        "png", snapshot.get().toFile()));
            }
            report("streaming to the wall", took, rates(drawnBefore, drawnAfter, took));
            System.out.printf(Locale.ROOT, "frames drawn per panel per second: %s (at most %.0f by design)%n",
                    rates(framesBefore, framesAfter, took),
                    1000.0 / FrameTicker.PERIOD_MS);
            waitFor(() -> fx(() -> !findViewModel(wall).runningProperty().get()), 60);
            if (snapshot.isPresent()) {
                Path done = snapshot.get().resolveSibling(snapshot.get().getFileName().toString()
                        .replaceFirst("(\\.png)?$", "-done.png"));
                Thread.sleep(500);
                fx(() -> ImageIO.write(SwingFXUtils.fromFXImage(window.stage().getScene().snapshot(null), null),
                        "png", done.toFile()));
            }
        } finally {
            for (TestAgent a : agents) {
                a.close();
            }
            devices.close();
            pool.shutdownNow();
            engine.close();
            deleteQuietly(tmp.toFile());
        }
    }

    /** The wall's own view model, so the phase starts exactly as the Run button would. */
    private static WallViewModel findViewModel(WallView wall) {
        return wall.viewModel();
    }

    private static void warmUp(TestDevices devices, Path model) throws Exception {
        for (DeviceEntry e : devices.entries()) {
            devices.device(e.key()).benchmark(new ModelHandle(model, ModelFormat.ONNX, Optional.empty()),
                    new BenchConfig(50, 200, 0, 1, 1, Optional.empty()), (i, ns) -> { }, (d, t, m) -> { });
        }
    }

    /** Records for {@code seconds}; returns the seconds actually recorded. */
    private double measure(int seconds) throws Exception {
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        probe.begin();
        Thread.sleep(seconds * 1000L);
        figures = probe.end();
        double took = (System.nanoTime() - start) / 1e9;
        cpuShare = (processCpuNanos() - cpuStart) / 1e9 / took;
        return took;
    }

    private void report(String phase, double took, List<Long> ratesPerDevice) {
        System.out.printf(Locale.ROOT, "%-28s %6d  %6.1f   %6.1f   %6.1f     %6.2f      %6.2f %7.2f   %5.0f %%     %s%n",
                phase, figures.gaps().length, figures.gapMs(0.5), figures.gapMs(0.99), figures.gapMs(1),
                figures.tripMs(0.5), figures.tripMs(0.99), figures.tripMs(1), cpuShare * 100,
                ratesPerDevice.isEmpty() ? "–" : ratesPerDevice.toString());
    }

    /** CPU time of this whole process (window, gRPC clients, ticker), all threads. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static List<Long> rates(long[] before, long[] after, double seconds) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < before.length; i++) {
            out.add(Math.round((after[i] - before[i]) / seconds));
        }
        return out;
    }
}
