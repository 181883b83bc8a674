package dev.lathe.agent;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.LocalDevice;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.RemoteDevice;
import dev.lathe.engine.model.ModelFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * Measures what the agent costs: the sample CNN at batch 1 in this process (the harness directly) against the same
 * model through an agent on loopback, with samples streamed live and sent after the run. Modes take turns over
 * several rounds so that drift of the machine hits all of them alike; each mode's samples are pooled.
 * Run: see native/agent/README.md ("Measuring the agent's overhead").
 */
public final class AgentOverheadBenchmark {
    private AgentOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        BenchConfig config = new BenchConfig(200, iterations, 0, 1, 1, Optional.empty());
        ModelHandle cnn = new ModelHandle(Samples.cnn(), ModelFormat.ONNX, Optional.empty());
        Path data = Files.createTempDirectory("lathe-agent-bench");
        try (AgentProcess agent = AgentProcess.start(data);
             AgentClient client = AgentClient.connect(Pairing.pair("127.0.0.1", agent.port, agent.token, "bench"))) {
            RemoteDevice remote = RemoteDevice.connect(client, t -> { });
            Map<String, Device> modes = new LinkedHashMap<>();
            modes.put("in-process harness", new LocalDevice(Samples.runtimes()));
            modes.put("agent, samples streamed", remote.withLiveSamples(true));
            modes.put("agent, samples after run", remote.withLiveSamples(false));
            Map<String, List<long[]>> samples = new LinkedHashMap<>();
            modes.keySet().forEach(m -> samples.put(m, new ArrayList<>()));
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, Device> mode : modes.entrySet()) {
                    samples.get(mode.getKey()).add(run(mode.getValue(), cnn, config));
                }
            }
            print(rounds, config, samples);
        }
    }

    private static long[] run(Device device, ModelHandle model, BenchConfig config) throws LatheException {
        return device.benchmark(model, config, SampleListener.NONE, Progress.NONE).samplesNanos();
    }

    private static void print(int rounds, BenchConfig config, Map<String, List<long[]>> samples) {
        System.out.printf(Locale.ROOT, "sample CNN (%s), batch %d, %d threads, %d warm-up + %d runs x %d rounds per mode%n",
                Samples.cnn().getFileName(), config.batch(), config.threads(), config.warmup(), config.iterations(),
                rounds);
        System.out.printf(Locale.ROOT, "%-26s %10s %10s %10s %12s%n", "mode", "p50 ms", "p99 ms", "mean ms", "p50 ratio");
        double base = 0;
        for (Map.Entry<String, List<long[]>> mode : samples.entrySet()) {
            LatencyStats s = LatencyStats.of(mode.getValue().stream().flatMapToLong(LongStream::of).toArray());
            base = base == 0 ? s.p50Ms() : base;
            System.out.printf(Locale.ROOT, "%-26s %10.4f %10.4f %10.4f %12.4f%n", mode.getKey(), s.p50Ms(), s.p99Ms(),
                    s.meanMs(), s.p50Ms() / base);
        }
        LatencyStats live = pooled(samples, "agent, samples streamed");
        LatencyStats after = pooled(samples, "agent, samples after run");
        System.out.printf(Locale.ROOT, "streaming overhead on p50: %+.2f %%, on mean: %+.2f %%%n",
                100 * (live.p50Ms() / after.p50Ms() - 1), 100 * (live.meanMs() / after.meanMs() - 1));
    }

    private static LatencyStats pooled(Map<String, List<long[]>> samples, String mode) {
        return LatencyStats.of(samples.get(mode).stream().flatMapToLong(LongStream::of).toArray());
    }
}
