package dev.lathe.engine.export.pte;

import dev.lathe.engine.Samples;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The figures of docs/PERFORMANCE.md for the sample CNN fp32 on portable kernels: file size, planned arena against
 * the naive sum and the largest live set, and batch-1 median latency of the {@code .pte} in ExecuTorch's et_bench
 * against ONNX Runtime on one thread, same image, in alternating rounds. Run with
 * {@code mvn -q -B -ntp -o -pl engine test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.lathe.engine.export.pte.PteBenchmark} ({@code -Dexec.args=N} sets et_bench's runs per round).
 */
public final class PteBenchmark {
    private static final int ROUNDS = 3;

    private PteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int iters = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        long start = System.nanoTime();
        PteExport export = OnnxToPte.export(OnnxModel.read(Samples.cnn()), "cnn.onnx", Optional.empty());
        double exportMs = (System.nanoTime() - start) / 1e6;
        Path dir = Files.createTempDirectory("pte-bench");
        Path pte = Files.write(dir.resolve("cnn.pte"), export.bytes());
        float[] image = FashionImages.first(1);
        Path input = ExecuTorchRuntime.floats(dir.resolve("image.bin"), image);
        System.out.printf(Locale.ROOT, "CPU: %s%n", cpu());
        System.out.printf(Locale.ROOT, "cnn.onnx %,d bytes -> cnn.pte %,d bytes (constants %,d), export %.0f ms%n",
                Files.size(Samples.cnn()), export.bytes().length, export.program().constantBytes(), exportMs);
        System.out.printf(Locale.ROOT, "activations: planned arena %,d bytes, largest live set %,d, naive sum %,d "
                + "(%d kernel calls)%n", export.plan().arenaBytes(), export.plan().peakLiveBytes(),
                export.plan().naiveBytes(), export.program().instructions().size());
        try (OrtReference ort = new OrtReference(Files.readAllBytes(Samples.cnn()))) {
            for (int round = 1; round <= ROUNDS; round++) {
                double etMs = et.medianMs(pte, input, iters);
                double ortMs = ort.medianMs(image, new long[] {1, 1, 28, 28}, Math.max(iters, 200));
                System.out.printf(Locale.ROOT, "round %d: et_bench portable p50 %.3f ms (%d runs), ONNX Runtime "
                        + "1 thread p50 %.3f ms -> %.1fx%n", round, etMs, iters, ortMs, etMs / ortMs);
            }
        }
    }

    private static String cpu() throws Exception {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown")
                + ", " + Runtime.getRuntime().availableProcessors() + " cores visible";
    }
}
