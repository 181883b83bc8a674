package dev.lathe.engine.quantize;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.SessionOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Side by side in one run, 1 thread: every quantization of the sample CNN at batch 1 (file size, top-1 on the 10 000
 * test images, p50/p99), fp32 vs dynamic int8 for a wide MLP and a transformer encoder block at batch 64 (size,
 * output cosine, p50/p99), and quantization time and heap for a ~100 MB model. Latency rounds alternate between the
 * models so drift in clock or load hits all of them alike. Run with
 * {@code java -cp ... dev.lathe.engine.quantize.QuantizationBenchmark [cnn] [matmul] [big]} (all three by default).
 */
public final class QuantizationBenchmark {
    private static final int ROUNDS = 5;

    private record Variant(String name, Path file) {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("lathe-quant-bench");
        List<String> parts = args.length == 0 ? List.of("cnn", "matmul", "big") : List.of(args);
        try {
            if (parts.contains("cnn")) {
                cnn(dir);
            }
            if (parts.contains("matmul")) {
                matMuls(dir);
            }
            if (parts.contains("big")) {
                bigModel();
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static void matMuls(Path dir) throws Exception {
        matMul("MLP 784-1024-1024-10, batch 64", MatMulModels.mlp(7, false), dir.resolve("mlp.onnx"),
                Fidelity.randomInput(2, 64, 784));
        matMul("Encoder block (LayerNorm, attention, Softmax) over 64x16x64, batch 64", MatMulModels.encoderBlock(3),
                dir.resolve("encoder.onnx"), Fidelity.randomInput(4, 64, 16, 64));
    }

    private static void cnn(Path dir) throws Exception {
        Quantizer quantizer = new Quantizer(Samples.runtimes());
        OnnxModel cnn = OnnxModel.read(Samples.cnn());
        // Calibrate on training images when Debian's package provides them, so no test image tunes the ranges.
        boolean train = !Samples.trainImages().equals(Samples.testImages());
        CalibrationData calibration = FashionMnist.calibration(Datasets.open(Samples.trainImages()), 300);
        System.out.printf("Calibration: the first 300 %s images%n", train ? "training" : "test");
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("fp32", Samples.cnn()));
        long t0 = System.nanoTime();
        variants.add(write(dir, "static int8 (per-channel, percentile 99.99)", quantizer.quantize(cnn,
                QuantizerCnnTest.spec(QuantizeSpec.Mode.STATIC), Optional.of(calibration), Progress.NONE)));
        System.out.printf("Static int8 took %.2f s including calibration%n", seconds(t0));
        variants.add(write(dir, "dynamic int8", quantizer.quantize(cnn, QuantizerCnnTest.spec(QuantizeSpec.Mode.DYNAMIC),
                Optional.empty(), Progress.NONE)));
        variants.add(write(dir, "weight-only int8", quantizer.quantize(cnn,
                QuantizerCnnTest.spec(QuantizeSpec.Mode.WEIGHT_ONLY), Optional.empty(), Progress.NONE)));
        variants.add(write(dir, "fp16", new HalfPrecision(Samples.runtimes()).convert(cnn, HalfPrecision.Precision.FP16)));
        variants.add(write(dir, "static int8 (per-tensor, percentile 99)", quantizer.quantize(cnn, crude(Optional.empty()),
                Optional.of(calibration), Progress.NONE)));
        variants.add(accuracyAware(dir, quantizer, cnn, calibration));
        double[][] latency = roundRobin(variants.stream().map(Variant::file).toList(),
                Fidelity.randomInput(1, 1, 1, 28, 28), 400);
        long fp32Bytes = Files.size(Samples.cnn());
        double fp32Top1 = FashionMnist.top1(Samples.cnn());
        System.out.println("| sample CNN | bytes | smaller | top-1 | Δ top-1 | p50 | p99 | speedup (p50) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            double top1 = i == 0 ? fp32Top1 : FashionMnist.top1(v.file());
            System.out.printf("| %s | %,d | %.2fx | %.2f %% | %+.2f pp | %.3f ms | %.3f ms | %.2fx |%n", v.name(),
                    Files.size(v.file()), (double) fp32Bytes / Files.size(v.file()), 100 * top1,
                    100 * (top1 - fp32Top1), latency[i][0], latency[i][1], latency[0][0] / latency[i][0]);
        }
    }

    /**
     * Static int8 with per-tensor weights and activations clipped at their 99th percentile, a cruder setting than the
     * default, under a budget of 0.2 point: layers are kept in float, worst first, until the drop on the 10 000 test
     * images is within it.
     */
    private static Variant accuracyAware(Path dir, Quantizer quantizer, OnnxModel cnn, CalibrationData calibration)
            throws Exception {
        QuantizeSpec spec = crude(Optional.of(0.002));
        Path probeFile = dir.resolve("probe.onnx");
        AccuracyAwareQuantizer.Result r = new AccuracyAwareQuantizer(quantizer).quantize(cnn, spec,
                Optional.of(calibration), calibration, model -> {
                    try {
                        model.write(probeFile);
                    } catch (IOException e) {
                        throw new QuantizationException("cannot write the probe model: " + e.getMessage(), e);
                    }
                    return FashionMnist.top1(probeFile);
                }, Progress.NONE);
        System.out.printf("Accuracy-aware (per-tensor, percentile 99, budget 0.2 pp): kept in float %s; within "
                + "budget: %s%n", r.keptFloat().stream().map(k -> String.format("%s (top-1 %+.2f pp when added)",
                k.node(), 100 * k.top1Gain())).toList(), r.withinBudget());
        return write(dir, "accuracy-aware static int8 (per-tensor, percentile 99, budget 0.2 pp)", r.model());
    }

    /** Per-tensor weights and activations clipped at their 99th percentile: cruder than the default, it loses more. */
    private static QuantizeSpec crude(Optional<Double> budget) {
        return new QuantizeSpec(QuantizeSpec.Mode.STATIC, false, false, QuantizeSpec.ReduceRange.AUTO,
                new QuantizeSpec.Calibration(QuantizeSpec.CalibrationMethod.PERCENTILE, 99, 300), List.of(), budget);
    }

    private static Variant write(Path dir, String name, QuantizedModel model) throws IOException {
        Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9]+", "-") + ".onnx");
        model.model().write(file);
        return new Variant(name, file);
    }

    private static void matMul(String title, OnnxModel model, Path file, FloatTensor input) throws Exception {
        model.write(file);
        Path dynamic = file.resolveSibling(file.getFileName() + ".dynamic.onnx");
        new Quantizer(Samples.runtimes()).quantize(model, QuantizerCnnTest.spec(QuantizeSpec.Mode.DYNAMIC),
                Optional.empty(), Progress.NONE).model().write(dynamic);
        double cosine = Fidelity.cosine(Fidelity.run(model, file, input),
                Fidelity.run(OnnxModel.read(dynamic), dynamic, input));
        double[][] latency = roundRobin(List.of(file, dynamic), input, 200);
        System.out.printf("%s, dynamic int8: %,d -> %,d bytes (%.2fx smaller), output cosine %.5f, "
                + "p50 %.3f -> %.3f ms, p99 %.3f -> %.3f ms (%.2fx faster at p50)%n", title, Files.size(file),
                Files.size(dynamic), (double) Files.size(file) / Files.size(dynamic), cosine, latency[0][0],
                latency[1][0], latency[0][1], latency[1][1], latency[0][0] / latency[1][0]);
    }

    /** p50 and p99 in ms of each model, over {@link #ROUNDS} rounds that take turns between the models. */
    private static double[][] roundRobin(List<Path> models, FloatTensor input, int perRound) throws LatheException {
        long[][] samples = new long[models.size()][ROUNDS * perRound];
        List<InferenceSession> sessions = new ArrayList<>();
        List<InferenceSession.BoundInput> bound = new ArrayList<>();
        try {
            for (Path m : models) {
                InferenceSession s = open(m);
                sessions.add(s);
                bound.add(s.bind(input));
                time(bound.get(bound.size() - 1), new long[50], 0, 50);
            }
            for (int r = 0; r < ROUNDS; r++) {
                for (int i = 0; i < models.size(); i++) {
                    time(bound.get(i), samples[i], r * perRound, perRound);
                }
            }
        } finally {
            for (int i = bound.size() - 1; i >= 0; i--) {
                bound.get(i).close();
            }
            for (InferenceSession s : sessions) {
                s.close();
            }
        }
        double[][] out = new double[models.size()][];
        for (int i = 0; i < models.size(); i++) {
            LatencyStats stats = LatencyStats.of(samples[i]);
            out[i] = new double[] {stats.p50Ms(), stats.p99Ms()};
        }
        return out;
    }

    private static void time(InferenceSession.BoundInput input, long[] into, int from, int n) throws LatheException {
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            input.run();
            into[from + i] = System.nanoTime() - t;
        }
    }

    private static InferenceSession open(Path model) throws LatheException {
        return FashionMnist.RUNTIMES.open(model, ModelFormat.ONNX, Optional.empty(), new SessionOptions(1,
                SessionOptions.OptimizationLevel.ALL));
    }

    /** Quantization time and peak heap on a ~100 MB two-layer MLP (4096→4096→2048, 25 M float weights). */
    private static void bigModel() throws Exception {
        OnnxModel big = BigModel.build();
        long bytes = big.proto().getSerializedSize();
        Quantizer quantizer = new Quantizer(Samples.runtimes());
        CalibrationData calibration = new CalibrationData(List.of(Fidelity.randomInput(4, 8, 4096)), "random");
        for (QuantizeSpec.Mode mode : QuantizeSpec.Mode.values()) {
            System.gc();
            long baseline = heapUsed();
            resetPeaks();
            long t0 = System.nanoTime();
            QuantizedModel q = quantizer.quantize(big, QuantizerCnnTest.spec(mode), Optional.of(calibration),
                    Progress.NONE);
            double s = seconds(t0);
            long peak = peakHeap();
            System.out.printf("%.1f MB model, %s: %.2f s (incl. the ORT load-and-run check; static also "
                    + "calibrates on 8 inputs), output %.1f MB, "
                    + "peak heap %.0f MB (%.2fx the model; model itself already held %.0f MB)%n", bytes / 1e6, mode,
                    s, q.model().proto().getSerializedSize() / 1e6, peak / 1e6, (double) peak / bytes, baseline / 1e6);
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
