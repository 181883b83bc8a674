package dev.lathe.agent;

import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.device.LocalDevice;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.RemoteDevice;
import dev.lathe.engine.export.pte.PteDelegate;
import dev.lathe.engine.export.runtimes.RuntimeTarget;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.runtime.worker.ModelWorker;
import dev.lathe.engine.runtime.worker.WorkerSpec;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.variant.OptimizeRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sample CNN, fp32 and static int8, in every runtime on this computer and on a second agent, side by side in one
 * run (docs/PERFORMANCE.md). The int8 variant is made as {@code lathe optimize cnn.onnx --recipe
 * recipes/int8-static.yaml --calib t10k-images} makes it; each model is measured as {@code lathe bench --runtime}
 * measures it: ONNX Runtime on the {@code .onnx}, ExecuTorch on its batch-1 {@code .pte} export with the XNNPACK
 * delegate and on the portable kernels, libtorch on its TorchScript export where the exporter makes one (a cell the
 * exporter refuses says why, from the exporter's message). Devices: this computer (the workbench's runtimes: ONNX
 * Runtime and libtorch in the model worker, ExecuTorch in a runner process) and a real agent started on loopback as
 * the agent tests start one. One thread, batch 1. Top-1 on the first FAST_IMAGES test images, and on the first
 * SLOW_IMAGES for every row, since the portable kernels take about a second an image.
 * Run after {@code mvn -B -ntp -o -q -pl native/agent -am test-compile -Dlathe.fuzz.skip=true}, with both modules'
 * fresh classes first on the class path (docs/PERFORMANCE.md has the whole command), as
 * {@code java -Dai.djl.offline=true -cp ... dev.lathe.agent.RuntimesSideBySide FAST_RUNS SLOW_RUNS FAST_IMAGES
 * SLOW_IMAGES} (default 500 5 1000 30). Not a test: it takes minutes.
 */
public final class RuntimesSideBySide {
    private static final long[] ONE_IMAGE = {1, 1, 28, 28};

    private RuntimesSideBySide() {
    }

    /** One column of the table: a model in a format, run by a runtime. */
    private record Cell(String precision, String format, RuntimeTarget target, PteDelegate delegate) {
        boolean slow() {
            return target == RuntimeTarget.EXECUTORCH && delegate == PteDelegate.NONE;
        }
    }

    public static void main(String[] args) throws Exception {
        int fastRuns = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int slowRuns = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int fastImages = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int slowImages = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        BenchConfig fast = new BenchConfig(20, fastRuns, 0, 1, 1, Optional.empty());
        BenchConfig slow = new BenchConfig(1, slowRuns, 0, 1, 1, Optional.empty());
        Path tmp = Files.createTempDirectory("runtimes-side-by-side");
        Path repo = Samples.root().getParent().getParent();
        long t0 = System.nanoTime();
        try (ModelWorker worker = new ModelWorker(new WorkerSpec(Samples.cacheDir(),
                Files.createDirectories(tmp.resolve("logs")), "this computer is fine"));
             Workbench workbench = Workbench.builder().store(ExperimentStore.open(tmp.resolve("lathe.db")))
                     .runtimes(worker.runtimes()).torchScript(worker::inspectTorchScript)
                     .cacheDir(Samples.cacheDir()).build();
             AgentProcess agent = AgentProcess.start(Files.createDirectories(tmp.resolve("agent")), "--cache-dir",
                     Samples.cacheDir().toString());
             AgentClient client = AgentClient.connect(Pairing.pair("127.0.0.1", agent.port, agent.token,
                     "side by side"))) {
            ModelRecord fp32 = workbench.open(Samples.cnn());
            ModelRecord int8 = workbench.optimize(fp32, new OptimizeRequest(new RecipeParser().parse(
                    repo.resolve("recipes/int8-static.yaml")), Optional.of(Samples.testImages()), Optional.empty(),
                    Optional.empty()), Progress.NONE).get(0).model();
            Map<String, Device> devices = new LinkedHashMap<>();
            devices.put("this computer", new LocalDevice(worker.runtimes()));
            devices.put("agent on loopback", RemoteDevice.connect(client, t -> { }));
            System.out.printf(Locale.ROOT, "CPU: %s; load average at start: %s%n", cpu(), loadAverage());
            System.out.printf(Locale.ROOT, "batch 1, 1 thread; %d warm-up + %d runs (portable: 1 + %d); top-1 on the "
                    + "first %d test images (portable: not run) and on the first %d (every row)%n%n", fast.warmup(),
                    fastRuns, slowRuns, fastImages, slowImages);
            table(workbench, devices, List.of(fp32, int8), new BenchConfig[] {fast, slow}, fastImages, slowImages);
            System.out.printf(Locale.ROOT, "%nload average at the end: %s; the run took %.1f min%n", loadAverage(),
                    (System.nanoTime() - t0) / 60e9);
        }
    }

    /** The table, a row per device, model and cell, then the notes its cells point to. */
    private static void table(Workbench workbench, Map<String, Device> devices, List<ModelRecord> models,
                              BenchConfig[] fastAndSlow, int fastImages, int slowImages) {
        List<String> notes = new ArrayList<>();
        System.out.printf("| device | format / runtime | precision | p50 ms | p99 ms | load ms | peak RSS MiB "
                + "| file bytes | top-1, %d images | top-1, %d images |%n", fastImages, slowImages);
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Device> device : devices.entrySet()) {
            for (ModelRecord model : models) {
                for (Cell cell : cells(model == models.get(0) ? "fp32" : "static int8")) {
                    System.out.println(row(workbench, device.getKey(), device.getValue(), model, cell,
                            fastAndSlow[cell.slow() ? 1 : 0], cell.slow() ? 0 : fastImages, slowImages, notes));
                }
            }
        }
        System.out.println();
        for (int i = 0; i < notes.size(); i++) {
            System.out.printf("(%d) %s%n", i + 1, notes.get(i));
        }
    }

    private static List<Cell> cells(String precision) {
        return List.of(new Cell(precision, ".onnx / ONNX Runtime", RuntimeTarget.ONNX_RUNTIME, PteDelegate.XNNPACK),
                new Cell(precision, ".pte XNNPACK / ExecuTorch", RuntimeTarget.EXECUTORCH, PteDelegate.XNNPACK),
                new Cell(precision, ".pte portable / ExecuTorch", RuntimeTarget.EXECUTORCH, PteDelegate.NONE),
                new Cell(precision, ".pt / libtorch", RuntimeTarget.LIBTORCH, PteDelegate.XNNPACK));
    }

    /** One table row; a cell that cannot be exported or run says so with a numbered note holding the reason. */
    private static String row(Workbench workbench, String deviceName, Device device, ModelRecord model, Cell cell,
                              BenchConfig config, int fastImages, int slowImages, List<String> notes) {
        String head = "| " + deviceName + " | " + cell.format() + " | " + cell.precision() + " | ";
        ModelRecord runs;
        try {
            runs = workbench.inRuntime(model, cell.target(), cell.delegate(), Optional.of(ONE_IMAGE)).model();
        } catch (LatheException e) {
            return head + "not exported: see (" + note(notes, e) + ") | | | | | | |";
        }
        try {
            BenchmarkResult r = workbench.benchmark(runs, device, config, SampleListener.NONE, Progress.NONE)
                    .result();
            return head + String.format(Locale.ROOT, "%.3f | %.3f | %.1f | %.1f | %,d | %s | %s |", r.stats().p50Ms(),
                    r.stats().p99Ms(), r.loadMillis(), r.peakRssBytes() / (double) (1 << 20), runs.fileBytes(),
                    top1(workbench, device, runs, fastImages), top1(workbench, device, runs, slowImages));
        } catch (LatheException e) {
            return head + "not run: see (" + note(notes, e) + ") | | | | | | |";
        }
    }

    /** The number of the note holding {@code e}'s message, the same for the same message. */
    private static int note(List<String> notes, LatheException e) {
        if (!notes.contains(e.getMessage())) {
            notes.add(e.getMessage());
        }
        return notes.indexOf(e.getMessage()) + 1;
    }

    private static String top1(Workbench workbench, Device device, ModelRecord model, int images)
            throws LatheException {
        if (images == 0) {
            return "—";
        }
        double top1 = workbench.evaluate(model, device, EvalRequest.of(Samples.testImages()).withLimit(images),
                Progress.NONE).result().top1();
        return String.format(Locale.ROOT, "%.2f %%", 100 * top1);
    }

    private static String cpu() throws Exception {
        String model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        String flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags"))
                .findFirst().orElse("");
        List<String> has = new ArrayList<>();
        for (String flag : List.of("avx512_vnni", "avx512_bf16", "avx_vnni")) {
            if ((flags + " ").contains(" " + flag + " ")) {
                has.add(flag);
            }
        }
        return model + ", " + Runtime.getRuntime().availableProcessors() + " cores visible, " + (has.isEmpty()
                ? "no VNNI or bf16 flags" : String.join(", ", has));
    }

    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }
}
