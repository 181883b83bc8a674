package dev.lathe.engine.quantize;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.SessionOptions;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A text detector (PaddleOCR's PP-OCRv4 det, not in the repository: docs/third-party-models.md) in fp32, dynamic,
 * static and weight-only int8, side by side: file size; fidelity to fp32 on rendered text pages (cosine of the
 * probability map, its largest pixel difference, and the IoU of the text pixels above DB's 0.3 threshold); p50/p99
 * at batch 1 and 1 thread, the four models taking turns in each of 20 rounds. Static calibrates on 16 other pages.
 *
 * <pre>
 * mvn -q -B -ntp -o -pl engine test-compile exec:java -Dexec.classpathScope=test -Djava.awt.headless=true \
 *   -Dexec.mainClass=dev.lathe.engine.quantize.TextDetectorComparison -Dexec.args="ch_PP-OCRv4_det_infer.onnx 320"
 * </pre>
 */
public final class TextDetectorComparison {
    private static final String[] WORDS = {"Invoice", "Total", "2026-12-06", "Lathe", "OCR", "quantize", "model",
        "Berlin", "EUR 42.50", "receipt", "No. 1187", "Paris", "coffee", "tax 19%", "thank you", "page 3", "SALE"};
    private static final int ROUNDS = 20;
    private static final int RUNS_PER_ROUND = 10;

    private TextDetectorComparison() {
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        int side = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("lathe-det");
        List<FloatTensor> calibration = new ArrayList<>();
        for (int seed = 11; seed < 27; seed++) {
            calibration.add(page(seed, side));
        }
        List<FloatTensor> pages = List.of(page(7, side), page(8, side), page(9, side));
        OnnxModel model = OnnxModel.read(source);
        Quantizer quantizer = new Quantizer(Samples.runtimes());
        List<Path> files = new ArrayList<>(List.of(source));
        for (QuantizeSpec.Mode mode : QuantizeSpec.Mode.values()) {
            Optional<CalibrationData> data = mode == QuantizeSpec.Mode.STATIC
                    ? Optional.of(new CalibrationData(calibration, "rendered pages")) : Optional.empty();
            Path file = dir.resolve(mode.name().toLowerCase() + ".onnx");
            quantizer.quantize(model, QuantizerCnnTest.spec(mode), data, Progress.NONE).model().write(file);
            files.add(file);
        }
        report(files, pages);
    }

    private static void report(List<Path> files, List<FloatTensor> pages) throws Exception {
        List<InferenceSession> sessions = new ArrayList<>();
        for (Path f : files) {
            sessions.add(FashionMnist.RUNTIMES.open(f, ModelFormat.ONNX, Optional.empty(),
                    new SessionOptions(1, SessionOptions.OptimizationLevel.ALL)));
        }
        List<FloatTensor> reference = new ArrayList<>();
        for (FloatTensor page : pages) {
            reference.add(sessions.get(0).run(page));
        }
        long[][] samples = latencies(sessions, pages.get(0));
        double fp32 = LatencyStats.of(samples[0]).p50Ms();
        System.out.println("| variant | bytes | smaller | cosine (lowest) | max difference | IoU > 0.3 | p50 | p99 | speedup |");
        for (int i = 0; i < files.size(); i++) {
            double cosine = 1;
            double worst = 0;
            double[] overlap = new double[2];
            for (int p = 0; p < pages.size(); p++) {
                FloatTensor out = sessions.get(i).run(pages.get(p));
                cosine = Math.min(cosine, Fidelity.cosine(reference.get(p), out));
                worst = Math.max(worst, compare(reference.get(p), out, overlap));
            }
            LatencyStats stats = LatencyStats.of(samples[i]);
            System.out.printf("| %s | %,d | %.2fx | %.4f | %.3f | %.4f | %.2f ms | %.2f ms | %.2fx |%n",
                    files.get(i).getFileName(), Files.size(files.get(i)),
                    (double) Files.size(files.get(0)) / Files.size(files.get(i)), cosine, worst,
                    overlap[0] / overlap[1], stats.p50Ms(), stats.p99Ms(), fp32 / stats.p50Ms());
        }
        for (InferenceSession s : sessions) {
            s.close();
        }
    }

    private static long[][] latencies(List<InferenceSession> sessions, FloatTensor page) throws Exception {
        long[][] samples = new long[sessions.size()][ROUNDS * RUNS_PER_ROUND];
        for (InferenceSession s : sessions) {
            s.run(page);
        }
        for (int r = 0; r < ROUNDS; r++) {
            for (int i = 0; i < sessions.size(); i++) {
                for (int k = 0; k < RUNS_PER_ROUND; k++) {
                    long t = System.nanoTime();
                    sessions.get(i).run(page);
                    samples[i][r * RUNS_PER_ROUND + k] = System.nanoTime() - t;
                }
            }
        }
        return samples;
    }

    /** The largest pixel difference; adds the text pixels both maps have, and those either has, to {@code overlap}. */
    private static double compare(FloatTensor expected, FloatTensor actual, double[] overlap) {
        double worst = 0;
        for (int j = 0; j < expected.data().length; j++) {
            worst = Math.max(worst, Math.abs(expected.data()[j] - actual.data()[j]));
            boolean a = expected.data()[j] > 0.3f;
            boolean b = actual.data()[j] > 0.3f;
            overlap[0] += a && b ? 1 : 0;
            overlap[1] += a || b ? 1 : 0;
        }
        return worst;
    }

    /** Dark printed words on a light page, normalized as PaddleOCR does (ImageNet mean and deviation). */
    static FloatTensor page(long seed, int side) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(230 + random.nextInt(25), 225 + random.nextInt(30), 215 + random.nextInt(40)));
        g.fillRect(0, 0, side, side);
        for (int y = 10; y < side - 8; y += 6 + random.nextInt(16)) {
            int size = 14 + random.nextInt(18);
            g.setFont(new Font(Font.SANS_SERIF, random.nextBoolean() ? Font.BOLD : Font.PLAIN, size));
            g.setColor(new Color(random.nextInt(60), random.nextInt(60), random.nextInt(80)));
            StringBuilder line = new StringBuilder();
            for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) {
                line.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            y += size;
            g.drawString(line.toString().trim(), 4 + random.nextInt(20), Math.min(side - 3, y));
        }
        g.dispose();
        float[] mean = {0.485f, 0.456f, 0.406f};
        float[] std = {0.229f, 0.224f, 0.225f};
        float[] values = new float[3 * side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int rgb = image.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    int v = (rgb >> (16 - 8 * c)) & 0xff;
                    values[c * side * side + y * side + x] = (v / 255f - mean[c]) / std[c];
                }
            }
        }
        return new FloatTensor(values, new long[] {1, 3, side, side});
    }
}
