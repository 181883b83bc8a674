package dev.lathe.engine.quantize;

import dev.lathe.engine.LatheException;
import dev.lathe.engine.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.SessionOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Side by side in one run, 1 thread: fp32 vs static int8 for the sample CNN at batch 1, fp32 vs dynamic int8 for a
 * wide MLP at batch 64, with sizes, accuracy and quantization time and heap for a ~100 MB model. Run with
 * {@code java -cp ... dev.lathe.engine.quantize.QuantizationBenchmark}.
 */
public final class QuantizationBenchmark {
    private static final int ROUNDS = 5;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("lathe-quant-bench");
        Quantizer quantizer = new Quantizer(Samples.cacheDir());
        Path cnn = Samples.cnn();
        Path cnnStatic = dir.resolve("cnn-static.onnx");
        long t0 = System.nanoTime();
        quantizer.quantize(OnnxModel.read(cnn), QuantizerCnnTest.spec(QuantizeSpec.Mode.STATIC),
                Optional.of(FashionMnist.calibration(300)), Progress.NONE).model().write(cnnStatic);
        System.out.printf("CNN static int8 (300 calibration images, incl. calibration): %.2f s%n", seconds(t0));
        Path cnnDynamic = write(quantizer, OnnxModel.read(cnn), QuantizeSpec.Mode.DYNAMIC, dir.resolve("cnn-dyn.onnx"));
        Path cnnWeights = write(quantizer, OnnxModel.read(cnn), QuantizeSpec.Mode.WEIGHT_ONLY,
                dir.resolve("cnn-w.onnx"));
        Path cnnHalf = dir.resolve("cnn-fp16.onnx");
        new HalfPrecision(Samples.cacheDir()).convert(OnnxModel.read(cnn), HalfPrecision.Precision.FP16).model()
                .write(cnnHalf);
        for (Path p : List.of(cnn, cnnStatic, cnnDynamic, cnnWeights, cnnHalf)) {
            System.out.printf("CNN %-16s %9d bytes (%.2fx smaller)  top-1 %.2f%%  p50 b1 %.3f ms%n",
                    p.getFileName(), Files.size(p), (double) Files.size(cnn) / Files.size(p),
                    100 * FashionMnist.top1(p), p50(p, Fidelity.randomInput(1, 1, 1, 28, 28), 300));
        }
        compare("CNN batch 1: fp32 vs static int8", cnn, cnnStatic, Fidelity.randomInput(1, 1, 1, 28, 28), 400);

        Path mlp = dir.resolve("mlp.onnx");
        OnnxModel mlpModel = MatMulModels.mlp(7, false);
        mlpModel.write(mlp);
        Path mlpDynamic = write(quantizer, mlpModel, QuantizeSpec.Mode.DYNAMIC, dir.resolve("mlp-dyn.onnx"));
        System.out.printf("MLP 784-1024-1024-10: %d -> %d bytes (%.2fx smaller)%n", Files.size(mlp),
                Files.size(mlpDynamic), (double) Files.size(mlp) / Files.size(mlpDynamic));
        compare("MLP batch 64: fp32 vs dynamic int8", mlp, mlpDynamic, Fidelity.randomInput(2, 64, 784), 200);
        bigModel();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    private static Path write(Quantizer quantizer, OnnxModel model, QuantizeSpec.Mode mode, Path file)
            throws Exception {
        quantizer.quantize(model, QuantizerCnnTest.spec(mode), Optional.empty(), Progress.NONE).model().write(file);
        return file;
    }

    // Rounds alternate between the two models so drift in CPU clock or load hits both equally.
    private static void compare(String title, Path base, Path variant, FloatTensor input, int perRound)
            throws LatheException {
        long[] a = new long[ROUNDS * perRound];
        long[] b = new long[ROUNDS * perRound];
        try (InferenceSession sa = open(base); InferenceSession sb = open(variant);
             InferenceSession.BoundInput ba = sa.bind(input); InferenceSession.BoundInput bb = sb.bind(input)) {
            time(ba, new long[50], 0, 50);
            time(bb, new long[50], 0, 50);
            for (int r = 0; r < ROUNDS; r++) {
                time(ba, a, r * perRound, perRound);
                time(bb, b, r * perRound, perRound);
            }
        }
        double pa = LatencyStats.of(a).p50Ms();
        double pb = LatencyStats.of(b).p50Ms();
        System.out.printf("%s: p50 %.3f ms vs %.3f ms -> %.2fx faster%n", title, pa, pb, pa / pb);
    }

    private static double p50(Path model, FloatTensor input, int n) throws LatheException {
        long[] samples = new long[n];
        try (InferenceSession s = open(model); InferenceSession.BoundInput bound = s.bind(input)) {
            time(bound, new long[50], 0, 50);
            time(bound, samples, 0, n);
        }
        return LatencyStats.of(samples).p50Ms();
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
        Quantizer quantizer = new Quantizer(Samples.cacheDir());
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
