package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List a model's stored benchmark runs, newest first, with the device each ran on and whether "
                + "it finished.")
final class RunsCommand implements Callable<Integer> {
    private final LazyContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "An ONNX (.onnx) or TorchScript (.pt) file.")
    Path model;

    @Option(names = "--json", description = "Print JSON (fields in docs/cli.md).")
    boolean json;

    RunsCommand(LazyContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Workbench workbench = context.get().workbench();
        String sha = workbench.inspect(model).sha256();
        Optional<ModelRecord> record = workbench.model(sha);
        List<StoredBenchmark> runs = record.isPresent() ? workbench.benchmarks(record.get()) : List.of();
        // Asking this computer's id starts its runner: only worth it where there is a run to name.
        String here = runs.isEmpty() ? "" : workbench.thisComputer().id();
        print(sha, runs, here, spec.commandLine().getOut());
        return 0;
    }

    private void print(String sha, List<StoredBenchmark> runs, String here, PrintWriter out) {
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (StoredBenchmark b : runs) {
                BenchmarkResult r = b.result();
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("runId", b.id());
                j.put("createdAt", b.createdAt().toString());
                j.put("status", b.interrupted() ? "interrupted" : "complete");
                b.interruption().ifPresent(reason -> j.put("interruption", reason));
                j.put("deviceId", r.device().id());
                j.put("deviceName", r.device().nameFor(here));
                j.put("batch", r.config().batch());
                j.put("threads", r.config().threads());
                j.put("samples", r.stats().count());
                j.put("p50Ms", r.stats().p50Ms());
                j.put("p99Ms", r.stats().p99Ms());
                j.put("throughput", r.throughput());
                list.add(j);
            }
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("model", model.getFileName().toString());
            j.put("modelSha256", sha);
            j.put("runs", list);
            Output.json(out, j);
            return;
        }
        if (runs.isEmpty()) {
            out.printf("%s: no benchmark runs stored; run lathe bench %s%n", model.getFileName(), model);
            return;
        }
        out.printf("%-6s %-20s %-32s %-11s %7s %11s %11s%n", "run", "when (UTC)", "device", "status", "samples",
                "p50 ms", "p99 ms");
        for (StoredBenchmark b : runs) {
            BenchmarkResult r = b.result();
            out.printf("#%-5d %-20s %-32s %-11s %7d %11.3f %11.3f%n", b.id(),
                    b.createdAt().toString().substring(0, 19).replace('T', ' '), shorten(r.device().nameFor(here), 32),
                    b.interrupted() ? "interrupted" : "complete", r.stats().count(), r.stats().p50Ms(),
                    r.stats().p99Ms());
        }
    }

    private static String shorten(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
