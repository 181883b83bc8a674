package dev.lathe.engine.export.pte;

import dev.lathe.engine.Samples;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The ExecuTorch figures of docs/PERFORMANCE.md, side by side in one run on one thread: batch-1 p50/p99 of ONNX
 * Runtime fp32 and int8 (in-process, one intra-op thread), of the {@code .pte} on portable kernels
 * ({@code --delegate none}) and of the {@code .pte} delegated to XNNPACK, fp32 and static int8
 * ({@code executor_runner --cpu_threads=1}); file sizes and planned arenas; top-1 on the 10,000 test images of the
 * ONNX model and its int8 variant and of their {@code .pte}s, the portable ones on the first PORTABLE_IMAGES (about
 * 1.3 s an image on portable kernels: all 10,000 take hours). Run with
 * {@code mvn -q -B -ntp -o -pl engine test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java
 * -Dexec.classpathScope=test -Dexec.mainClass=dev.lathe.engine.export.pte.XnnpackBenchmark}
 * ({@code -Dexec.args="RUNS PORTABLE_RUNS PORTABLE_IMAGES"}, default 500, 3 and 10000).
 */
public final class XnnpackBenchmark {
    private static final int TEST_IMAGES = 10_000;
    private static final int BATCH = 1_000;
    private static final long[] ONE = {1, 1, 28, 28};

    private XnnpackBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int portableRuns = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int portableImages = args.length > 2 ? Integer.parseInt(args[2]) : TEST_IMAGES;
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        Path dir = Files.createTempDirectory("xnnpack-bench");
        Path int8 = Int8Cnn.file();
        Path portable = write(dir, "cnn-portable.pte", Samples.cnn(), PteDelegate.NONE);
        Path fp32 = write(dir, "cnn-xnnpack.pte", Samples.cnn(), PteDelegate.XNNPACK);
        Path q8 = write(dir, "cnn-int8-xnnpack.pte", int8, PteDelegate.XNNPACK);
        Path q8Portable = write(dir, "cnn-int8-portable.pte", int8, PteDelegate.NONE);
        float[] image = FashionImages.first(1);
        Path input = ExecuTorchRuntime.floats(dir.resolve("image.bin"), image);
        System.out.printf(Locale.ROOT, "CPU: %s%n", cpu());
        System.out.printf(Locale.ROOT, "files: cnn.onnx %,d, cnn-int8.onnx %,d, cnn-portable.pte %,d, "
                + "cnn-xnnpack.pte %,d, cnn-int8-xnnpack.pte %,d, cnn-int8-portable.pte %,d bytes (int8/fp32 .pte "
                + "%.3f)%n", Files.size(Samples.cnn()), Files.size(int8), Files.size(portable), Files.size(fp32),
                Files.size(q8), Files.size(q8Portable), (double) Files.size(q8) / Files.size(fp32));
        for (Path pte : new Path[] {portable, fp32, q8, q8Portable}) {
            PteExport e = OnnxToPte.export(OnnxModel.read(pte.toString().contains("int8") ? int8 : Samples.cnn()),
                    "cnn", Optional.of(ONE), pte.toString().contains("portable") ? PteDelegate.NONE
                            : PteDelegate.XNNPACK);
            System.out.printf(Locale.ROOT, "%s: planned arena %,d bytes, instructions %s%n", pte.getFileName(),
                    e.plan().arenaBytes(), e.operatorCounts());
        }
        try (OrtReference ortFp32 = new OrtReference(Files.readAllBytes(Samples.cnn()));
                OrtReference ortInt8 = new OrtReference(Files.readAllBytes(int8))) {
            print("ONNX Runtime fp32", ortFp32.latenciesMs(image, ONE, runs));
            print("ONNX Runtime int8", ortInt8.latenciesMs(image, ONE, runs));
            print(".pte portable fp32", et.latenciesMs(portable, input, 1, portableRuns));
            print(".pte portable int8", et.latenciesMs(q8Portable, input, 1, portableRuns));
            print(".pte XNNPACK fp32", et.latenciesMs(fp32, input, 10, runs));
            print(".pte XNNPACK int8", et.latenciesMs(q8, input, 10, runs));
            print("ONNX Runtime fp32 (again)", ortFp32.latenciesMs(image, ONE, runs));
            top1(et, dir, Samples.cnn(), "fp32", ortFp32, PteDelegate.XNNPACK, TEST_IMAGES);
            top1(et, dir, int8, "int8", ortInt8, PteDelegate.XNNPACK, TEST_IMAGES);
            top1(et, dir, Samples.cnn(), "fp32", ortFp32, PteDelegate.NONE, portableImages);
            top1(et, dir, int8, "int8", ortInt8, PteDelegate.NONE, portableImages);
        }
    }

    private static Path write(Path dir, String name, Path model, PteDelegate delegate) throws Exception {
        return Files.write(dir.resolve(name), OnnxToPte.export(OnnxModel.read(model), name, Optional.of(ONE), delegate)
                .bytes());
    }

    private static void print(String what, double[] sorted) {
        System.out.printf(Locale.ROOT, "%-26s p50 %8.3f ms  p99 %8.3f ms  (%d runs, 1 thread)%n", what,
                OrtReference.quantile(sorted, 0.5), OrtReference.quantile(sorted, 0.99), sorted.length);
    }

    /**
     * Top-1 of {@code model} over the first {@code images} test images in batches of up to 1,000 (the .pte exported
     * for that batch) and in ORT.
     */
    private static void top1(ExecuTorchRuntime et, Path dir, Path model, String precision, OrtReference ort,
            PteDelegate delegate, int images) throws Exception {
        int batch = Math.min(BATCH, images);
        long[] shape = {batch, 1, 28, 28};
        Path pte = Files.write(dir.resolve("cnn-" + precision + "-" + delegate.cliName() + "-" + batch + ".pte"),
                OnnxToPte.export(OnnxModel.read(model), "cnn-" + precision, Optional.of(shape), delegate).bytes());
        float[] all = FashionImages.first(images);
        int[] labels = FashionImages.labels(images);
        int pteRight = 0;
        int ortRight = 0;
        int agree = 0;
        int done = 0;
        for (int from = 0; from + batch <= images; from += batch) {
            float[] chunk = java.util.Arrays.copyOfRange(all, from * 784, (from + batch) * 784);
            float[] a = et.output(pte, ExecuTorchRuntime.floats(dir.resolve("batch.bin"), chunk));
            float[] b = ort.run(chunk, shape);
            for (int i = 0; i < batch; i++) {
                int x = XnnpackCnnPteTest.argmax(a, i);
                int y = XnnpackCnnPteTest.argmax(b, i);
                pteRight += x == labels[from + i] ? 1 : 0;
                ortRight += y == labels[from + i] ? 1 : 0;
                agree += x == y ? 1 : 0;
            }
            done += batch;
        }
        System.out.printf(Locale.ROOT, "top-1 on %,d test images: ONNX %s %.2f %%, .pte %s (%s) %.2f %% "
                + "(%+.2f pp); same top-1 on %.2f %%%n", done, precision, 100.0 * ortRight / done, precision,
                delegate == PteDelegate.XNNPACK ? "XNNPACK" : "portable", 100.0 * pteRight / done,
                100.0 * (pteRight - ortRight) / done, 100.0 * agree / done);
    }

    private static String cpu() throws Exception {
        String model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        String flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags"))
                .findFirst().orElse("");
        return model + ", " + Runtime.getRuntime().availableProcessors() + " cores visible, "
                + (flags.contains("avx512_vnni") ? "avx512_vnni " : "") + (flags.contains("avx_vnni") ? "avx_vnni" : "");
    }
}
