package dev.lathe.engine.export.pte;

import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intAttr;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Issue 14's export target, "a 100 MB model exports in under 10 s and under 3× its size in heap": an MLP of Gemm
 * layers (transB = 1, as PyTorch writes nn.Linear) holding about 25 M float weights is written to a temporary file,
 * then exported by child JVMs, each reading the file, lowering it and writing the {@code .pte}, portable and with the
 * XNNPACK delegate, with G1 (Java's default collector). Heap is measured three ways: (1) the export is run with
 * {@code -Xmx} set to 1.5 to 3× the model's size and each run passes or fails (OutOfMemoryError): the figure to read;
 * (2) with a roomy heap (10×), the largest heap in use just after a collection (GC notifications; a young collection
 * leaves old garbage counted, so this can exceed what was live); (3) the sum of the heap pools' peak use, garbage
 * included. Wall time is that of the roomy run, from reading the file to the {@code .pte} written, JIT cold, as the
 * CLI runs it. Run, after {@code mvn -B -ntp -o -q -pl engine -am test-compile} and
 * {@code mvn -B -ntp -o -q -pl engine dependency:build-classpath -Dmdep.outputFile=target/cp.txt}, with
 * {@code java -cp "engine/target/test-classes:engine/target/classes:$(cat engine/target/cp.txt)"
 * dev.lathe.engine.export.pte.PteExportSizeBenchmark}.
 */
public final class PteExportSizeBenchmark {
    private static final int WIDTH = 2048;
    private static final int LAYERS = 6;
    private static final double[] HEAP_FACTORS = {1.5, 2, 2.25, 2.5, 2.75, 3};

    private PteExportSizeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--child")) {
            child(Path.of(args[1]), PteDelegate.parse(args[2]));
            return;
        }
        Path dir = Files.createTempDirectory("pte-size");
        Path model = dir.resolve("mlp.onnx");
        long weights = writeModel(model);
        long size = Files.size(model);
        System.out.printf(Locale.ROOT, "CPU: %s, %d cores visible; java %s%n", cpu(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "model: %d Gemm layers %d×%d (transB 1, bias, Relu between), %,d float "
                + "parameters, file %,d bytes%n", LAYERS, WIDTH, WIDTH, weights, size);
        for (PteDelegate delegate : List.of(PteDelegate.NONE, PteDelegate.XNNPACK)) {
            List<String> roomy = child(model, delegate, 10 * size);
            System.out.printf(Locale.ROOT, "%s, roomy heap: %s%n", delegate.cliName(), last(roomy));
            StringBuilder bounds = new StringBuilder();
            for (double factor : HEAP_FACTORS) {
                List<String> out = child(model, delegate, (long) (factor * size));
                bounds.append(String.format(Locale.ROOT, " %.2f× %s;", factor,
                        out.stream().anyMatch(l -> l.startsWith("exported")) ? "ok" : "OutOfMemoryError"));
            }
            System.out.printf(Locale.ROOT, "%s, -Xmx as a multiple of the model's size:%s%n", delegate.cliName(),
                    bounds);
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    /** Six 2048×2048 layers: 25,178,112 weights and biases, 100.7 MB of float32. */
    private static long writeModel(Path file) throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("mlp").opset(17)
                .input("x", ElementType.FLOAT, List.of(1, WIDTH)).output("y", ElementType.FLOAT, List.of(1, WIDTH));
        String in = "x";
        long count = 0;
        for (int i = 0; i < LAYERS; i++) {
            g.initializer("w" + i, OpModels.random(WIDTH * WIDTH, 100 + i), WIDTH, WIDTH)
                    .initializer("b" + i, OpModels.random(WIDTH, 200 + i), WIDTH);
            count += (long) WIDTH * WIDTH + WIDTH;
            String out = i == LAYERS - 1 ? "y" : "h" + i;
            g.node("Gemm", List.of(in, "w" + i, "b" + i), List.of(i == LAYERS - 1 ? out : "g" + i), "fc" + i,
                    intAttr("transB", 1));
            if (i < LAYERS - 1) {
                g.node("Relu", List.of("g" + i), List.of(out), "relu" + i);
            }
            in = out;
        }
        g.write(file);
        return count;
    }

    private static List<String> child(Path model, PteDelegate delegate, long maxHeap) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + maxHeap, "-XX:+UseG1GC", "-cp", classPath(),
                PteExportSizeBenchmark.class.getName(), "--child", model.toString(), delegate.cliName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return Arrays.asList(out.split("\n"));
    }

    /** exec:java runs this in a class loader of its own; the child needs that class path, not Maven's. */
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader u) {
            for (URL url : u.getURLs()) {
                entries.add(url.getPath());
            }
        }
        return entries.isEmpty() ? System.getProperty("java.class.path") : String.join(File.pathSeparator, entries);
    }

    private static String last(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("exported")).findFirst()
                .orElse(String.join(" / ", lines).trim());
    }

    /** In the child: read, export, write, as PteFileExporter does; prints one line. */
    private static void child(Path model, PteDelegate delegate) throws Exception {
        AtomicLong peakAfterGc = new AtomicLong();
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                        .mapToLong(MemoryUsage::getUsed).sum();
                peakAfterGc.accumulateAndGet(used, Math::max);
            }, n -> n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION), null);
        }
        long size = Files.size(model);
        long start = System.nanoTime();
        try {
            PteExport export = OnnxToPte.export(OnnxModel.read(model), model.getFileName().toString(),
                    Optional.empty(), delegate);
            Path pte = Files.write(model.resolveSibling("mlp-" + delegate.cliName() + ".pte"), export.bytes());
            double seconds = (System.nanoTime() - start) / 1e9;
            long pteBytes = Files.size(pte);
            export = null;
            System.gc(); // the notification of this collection closes the measurement
            Thread.sleep(200);
            long poolPeaks = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
                    .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            System.out.printf(Locale.ROOT, "exported in %.2f s, .pte %,d bytes; heap: largest in use after a GC "
                    + "%,d bytes (%.2f× the model), sum of the heap pools' peaks (garbage included) %,d (%.2f×); "
                    + "-Xmx %,d%n", seconds, pteBytes, peakAfterGc.get(), peakAfterGc.get() / (double) size,
                    poolPeaks, poolPeaks / (double) size, Runtime.getRuntime().maxMemory());
            Files.delete(pte);
        } catch (OutOfMemoryError e) {
            System.out.println("OutOfMemoryError after " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
    }

    private static String cpu() throws Exception {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
    }
}
