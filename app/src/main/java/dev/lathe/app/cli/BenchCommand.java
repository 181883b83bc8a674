package dev.lathe.app.cli;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.device.BenchmarkInterruptedException;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.export.pte.PteDelegate;
import dev.lathe.engine.export.runtimes.RuntimeCopies;
import dev.lathe.engine.export.runtimes.RuntimeTarget;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoreException;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.hardware.DeviceFingerprint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import dev.lathe.app.LazyContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure a model's latency and throughput on this computer, and store the run with its raw samples.")
final class BenchCommand implements Callable<Integer> {
    private final LazyContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "An ONNX (.onnx), TorchScript (.pt) or ExecuTorch (.pte) file.")
    Path model;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "20", description = "Runs not counted (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "200", description = "Counted runs (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "0",
            description = "Keep running for at least S seconds (and at least --iterations runs).")
    double duration;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Intra-op threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--input-shape", paramLabel = "SHAPE", converter = InputShape.Converter.class,
            description = "Input shape for models that declare none (TorchScript) or leave sizes open, like 1x1x28x28.")
    InputShape inputShape;

    @Option(names = "--device", paramLabel = "HOST:PORT|local", defaultValue = DeviceArg.LOCAL,
            description = "Where to run: this computer (default) or a paired agent (see lathe devices).")
    String device;

    @Option(names = "--runtime", paramLabel = "RUNTIME",
            description = "onnxruntime, executorch or libtorch (default: the one that runs MODEL's format). An ONNX "
                    + "model is exported to the runtime's format first (.pte, .pt), once: kept by its hash.")
    String runtime;

    @Option(names = "--delegate", paramLabel = "BACKEND", defaultValue = "xnnpack",
            description = "With --runtime executorch: xnnpack (default) or none (portable kernels only).")
    String delegate;

    @Option(names = "--json", description = "Print JSON (fields in docs/cli.md).")
    boolean json;

    private List<String> warnings = List.of();
    private Optional<RuntimeCopies.Copy> ranAs = Optional.empty();

    BenchCommand(LazyContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        BenchConfig config;
        try {
            config = new BenchConfig(warmup, iterations, duration, batch, threads, Optional.ofNullable(inputShape).map(InputShape::dims));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
        var workbench = context.get().workbench();
        if (DeviceArg.LOCAL.equals(device)) {
            workbench.devices().startThisComputer();
        }
        ModelRecord record = ModelArgs.open(workbench, model, Optional.ofNullable(inputShape).map(InputShape::dims));
        if (runtime != null) {
            record = inRuntime(workbench, record);
        }
        StoredBenchmark stored;
        Device on = DeviceArg.device(workbench, device);
        try (CommandProgress progress = CommandProgress.open(spec, json)) {
            warnings = SaturationNotice.warn(workbench, record, on.describe(), spec.commandLine().getErr());
            stored = workbench.benchmark(record, on, config, SampleListener.NONE, progress);
        } catch (BenchmarkInterruptedException e) {
            if (e.storedRunId().isEmpty()) {
                throw e;
            }
            return interrupted(workbench, record, e);
        }
        print(stored, spec.commandLine().getOut());
        return 0;
    }

    /** The model in the format --runtime runs: itself, or its export, made now or kept from before (said on stderr). */
    private ModelRecord inRuntime(Workbench workbench, ModelRecord record) throws LatheException {
        RuntimeTarget target;
        PteDelegate backend;
        try {
            target = RuntimeTarget.byId(runtime);
            backend = PteDelegate.parse(delegate);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        RuntimeCopies.Opened opened = workbench.inRuntime(record, target, backend,
                Optional.ofNullable(inputShape).map(InputShape::dims));
        RuntimeCopies.Copy copy = opened.copy();
        if (copy.isSource()) {
            return record;
        }
        ranAs = Optional.of(copy);
        // News, not a problem: a plain line like progress's, not a "lathe:" line (ADR 0007).
        spec.commandLine().getErr().println("bench: " + TerminalText.escape(record.name()) + " runs in "
                + target.runtime().displayName() + " as " + copy.file().getFileName()
                + copy.delegate().map(d -> d == PteDelegate.NONE ? " (portable kernels)" : " (XNNPACK delegate)")
                        .orElse("")
                + (copy.exportedNow() ? ", exported now" : ", exported before") + " and kept in "
                + copy.file().getParent());
        return opened.model();
    }

    /** Prints the figures of what was kept, then says on stderr that it is a partial run. */
    private int interrupted(Workbench workbench, ModelRecord record, BenchmarkInterruptedException e)
            throws StoreException {
        long id = e.storedRunId().orElseThrow();
        Optional<StoredBenchmark> kept = workbench.benchmarks(record).stream().filter(b -> b.id() == id).findFirst();
        kept.ifPresent(b -> print(b, spec.commandLine().getOut()));
        spec.commandLine().getErr().println("lathe: interrupted after " + e.samplesKept()
                + " samples; stored as interrupted (run #" + id + "): " + TerminalText.escape(e.reason()));
        return Cli.INTERRUPTED;
    }

    /** "This computer" for a run here; a board's host name (asking this computer's id would start its runner). */
    private String deviceName(BenchmarkResult r) {
        return DeviceArg.isLocal(device) ? DeviceFingerprint.THIS_COMPUTER : r.device().name();
    }

    private void print(StoredBenchmark stored, PrintWriter out) {
        BenchmarkResult r = stored.result();
        LatencyStats s = r.stats();
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("model", model.getFileName().toString());
            j.put("modelSha256", stored.modelSha256());
            j.put("inputShape", r.inputShape());
            j.put("batch", r.config().batch());
            j.put("threads", r.config().threads());
            j.put("warmup", r.config().warmup());
            j.put("samples", s.count());
            j.put("minMs", s.minMs());
            j.put("meanMs", s.meanMs());
            j.put("stdMs", s.stdMs());
            j.put("p50Ms", s.p50Ms());
            j.put("p90Ms", s.p90Ms());
            j.put("p95Ms", s.p95Ms());
            j.put("p99Ms", s.p99Ms());
            j.put("maxMs", s.maxMs());
            j.put("throughput", r.throughput());
            j.put("loadMs", r.loadMillis());
            j.put("peakRssBytes", r.peakRssBytes());
            j.put("runtime", r.runtime());
            ranAs.ifPresent(c -> {
                j.put("ranAs", c.file().getFileName().toString());
                j.put("exportedFromSha256", c.source().sha256());
                c.delegate().ifPresent(d -> j.put("delegate", d.name().toLowerCase(java.util.Locale.ROOT)));
            });
            j.put("deviceName", deviceName(r));
            j.put("device", r.device());
            j.put("runId", stored.id());
            j.put("status", stored.interrupted() ? "interrupted" : "complete");
            stored.interruption().ifPresent(reason -> j.put("interruption", reason));
            j.put("warnings", warnings);
            j.put("latenciesMs", Arrays.stream(r.samplesNanos()).mapToDouble(n -> n / 1e6).toArray());
            Output.json(out, j);
            return;
        }
        out.printf("%s%s, input %s, %s, %s%n", model.getFileName(),
                ranAs.map(c -> " as " + c.file().getFileName()).orElse(""), shape(r.inputShape()),
                Output.count(r.config().threads(), "thread"), r.runtime());
        if (stored.interrupted()) {
            out.printf("  INTERRUPTED after %d runs (%s); figures over those runs only%n", s.count(),
                    stored.interruption().get());
        }
        out.printf("  %d runs after %d warm-up; load %s%n", s.count(), r.config().warmup(),
                r.loadMillis() < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.1f ms", r.loadMillis()));
        out.printf("  latency ms  min %.3f  mean %.3f  std %.3f%n", s.minMs(), s.meanMs(), s.stdMs());
        out.printf("              p50 %.3f  p90 %.3f  p95 %.3f  p99 %.3f  max %.3f%n",
                s.p50Ms(), s.p90Ms(), s.p95Ms(), s.p99Ms(), s.maxMs());
        out.printf("  throughput  %.1f examples/s%n", r.throughput());
        out.printf("  peak RSS    %s (whole process)%n", r.peakRssBytes() < 0 ? "unknown" : Output.bytes(r.peakRssBytes()));
        out.printf("  device      %s: %s%n", deviceName(r), r.device().describe());
    }

    private static String shape(long[] shape) {
        if (shape.length == 0) {
            return "unknown";
        }
        return String.join("x", Arrays.stream(shape).mapToObj(Long::toString).toList());
    }
}
