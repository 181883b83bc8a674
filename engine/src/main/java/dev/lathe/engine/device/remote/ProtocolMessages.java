package dev.lathe.engine.device.remote;

import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.data.Layout;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.hardware.Bf16;
import dev.lathe.engine.hardware.Int8Path;
import dev.lathe.engine.hardware.RuntimeVersion;
import dev.lathe.engine.device.TelemetrySample;
import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.device.proto.BenchSettings;
import dev.lathe.engine.device.proto.DeviceDescription;
import dev.lathe.engine.device.proto.EvaluationSummary;
import dev.lathe.engine.device.proto.LatencySummary;
import dev.lathe.engine.device.proto.ModelFileFormat;
import dev.lathe.engine.device.proto.PreprocessingOverrides;
import dev.lathe.engine.device.proto.RuntimeInfo;
import dev.lathe.engine.device.proto.Telemetry;
import dev.lathe.engine.model.ModelFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Converts between the engine's values and the device protocol's messages, the same way on both sides. */
public final class ProtocolMessages {
    private ProtocolMessages() {
    }

    public static BenchSettings toProto(BenchConfig c) {
        BenchSettings.Builder b = BenchSettings.newBuilder().setWarmup(c.warmup()).setIterations(c.iterations())
                .setMinDurationSeconds(c.minDurationSeconds()).setBatch(c.batch()).setThreads(c.threads());
        c.inputShape().ifPresent(shape -> Arrays.stream(shape).forEach(b::addInputShape));
        return b.build();
    }

    /** Throws IllegalArgumentException naming the field when a client sent an impossible configuration. */
    public static BenchConfig fromProto(BenchSettings s) {
        Optional<long[]> shape = s.getInputShapeCount() == 0 ? Optional.empty()
                : Optional.of(s.getInputShapeList().stream().mapToLong(Long::longValue).toArray());
        return new BenchConfig(s.getWarmup(), s.getIterations(), s.getMinDurationSeconds(), s.getBatch(),
                s.getThreads(), shape);
    }

    public static ModelFileFormat toProto(ModelFormat format) {
        return switch (format) {
            case ONNX -> ModelFileFormat.ONNX;
            case TORCHSCRIPT -> ModelFileFormat.TORCHSCRIPT;
            case PTE -> ModelFileFormat.PTE;
        };
    }

    public static Optional<ModelFormat> fromProto(ModelFileFormat format) {
        switch (format) {
            case ONNX:
                return Optional.of(ModelFormat.ONNX);
            case TORCHSCRIPT:
                return Optional.of(ModelFormat.TORCHSCRIPT);
            case PTE:
                return Optional.of(ModelFormat.PTE);
            default:
                return Optional.empty();
        }
    }

    public static Telemetry toProto(TelemetrySample t) {
        return Telemetry.newBuilder().setEpochMillis(t.epochMillis()).addAllTemperaturesCelsius(t.temperaturesCelsius())
                .addAllCpuFrequenciesKhz(t.cpuFrequenciesKhz()).setMemoryAvailableBytes(t.memoryAvailableBytes())
                .setMemoryTotalBytes(t.memoryTotalBytes()).build();
    }

    public static TelemetrySample fromProto(Telemetry t) {
        return new TelemetrySample(t.getEpochMillis(), t.getTemperaturesCelsiusList(), t.getCpuFrequenciesKhzList(),
                t.getMemoryAvailableBytes(), t.getMemoryTotalBytes());
    }

    public static LatencySummary toProto(LatencyStats s) {
        return LatencySummary.newBuilder().setCount(s.count()).setMinMs(s.minMs()).setMeanMs(s.meanMs())
                .setStdMs(s.stdMs()).setP50Ms(s.p50Ms()).setP90Ms(s.p90Ms()).setP95Ms(s.p95Ms()).setP99Ms(s.p99Ms())
                .setMaxMs(s.maxMs()).build();
    }

    public static LatencyStats fromProto(LatencySummary s) {
        return new LatencyStats(s.getCount(), s.getMinMs(), s.getMeanMs(), s.getStdMs(), s.getP50Ms(), s.getP90Ms(),
                s.getP95Ms(), s.getP99Ms(), s.getMaxMs());
    }

    /**
     * The board as a {@link DeviceFingerprint}, with every runtime the agent reported. An agent older than protocol
     * 1.1 sends no int8 path, which reads as {@link Int8Path#OTHER}; one older than 1.3 no bf16, which reads as
     * {@link Bf16#EMULATED}, and runtimes named "ONNX Runtime" and "PyTorch", which read as their ids.
     */
    public static DeviceFingerprint fingerprint(DeviceDescription d) {
        List<RuntimeVersion> runtimes = d.getRuntimesList().stream()
                .map(r -> RuntimeVersion.reported(r.getName(), r.getVersion())).toList();
        return new DeviceFingerprint(d.getId(), d.getName(), d.getCpuModel(), d.getCores(), d.getMemoryBytes(),
                d.getOs(), d.getArch(), d.getJvm(), runtimes, Int8Path.ofId(d.getInt8Path()), Bf16.ofId(d.getBf16()));
    }

    public static PreprocessingOverrides toProto(dev.lathe.engine.data.PreprocessingOverrides o) {
        PreprocessingOverrides.Builder b = PreprocessingOverrides.newBuilder().setResize(o.resize());
        o.layout().ifPresent(layout -> b.setLayout(layout.name()));
        o.mean().ifPresent(b::addAllMean);
        o.std().ifPresent(b::addAllStd);
        o.scale().ifPresent(b::setScale);
        return b.build();
    }

    /** Throws IllegalArgumentException naming the field when a client sent a layout Lathe does not know. */
    public static dev.lathe.engine.data.PreprocessingOverrides fromProto(PreprocessingOverrides o) {
        Optional<Layout> layout;
        try {
            layout = o.getLayout().isEmpty() ? Optional.empty() : Optional.of(Layout.valueOf(o.getLayout()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layout must be NCHW, NHWC or FLAT, got '" + o.getLayout() + "'", e);
        }
        return new dev.lathe.engine.data.PreprocessingOverrides(layout,
                o.getMeanCount() == 0 ? Optional.empty() : Optional.of(o.getMeanList()),
                o.getStdCount() == 0 ? Optional.empty() : Optional.of(o.getStdList()),
                o.hasScale() ? Optional.of(o.getScale()) : Optional.empty(), o.getResize());
    }

    public static EvaluationSummary toProto(EvaluationResult r) {
        EvaluationSummary.Builder b = EvaluationSummary.newBuilder().setSamples(r.samples()).setTop1(r.top1())
                .addAllClassNames(r.classNames()).addAllPerClassAccuracy(r.perClassAccuracy())
                .setPreprocessing(r.preprocessing()).setRuntime(r.runtime()).setElapsedMillis(r.elapsedMillis());
        r.top5().ifPresent(b::setTop5);
        for (int[] row : r.confusion()) {
            Arrays.stream(row).forEach(b::addConfusion);
        }
        return b.build();
    }

    /** Throws IllegalArgumentException when the confusion matrix does not match the class names. */
    public static EvaluationResult fromProto(EvaluationSummary s) {
        int n = s.getClassNamesCount();
        if (s.getConfusionCount() != n * n) {
            throw new IllegalArgumentException("a confusion matrix of " + s.getConfusionCount() + " cells for " + n
                    + " classes");
        }
        int[][] confusion = new int[n][n];
        for (int i = 0; i < n * n; i++) {
            confusion[i / n][i % n] = s.getConfusion(i);
        }
        return new EvaluationResult(s.getSamples(), s.getTop1(), s.hasTop5() ? Optional.of(s.getTop5()) : Optional.empty(),
                s.getClassNamesList(), s.getPerClassAccuracyList(), confusion, s.getPreprocessing(), s.getRuntime(),
                s.getElapsedMillis());
    }

    public static RuntimeInfo runtime(String name, String version) {
        return RuntimeInfo.newBuilder().setName(name).setVersion(version).build();
    }

    public static RuntimeInfo toProto(RuntimeVersion runtime) {
        return runtime(runtime.name(), runtime.version());
    }
}
