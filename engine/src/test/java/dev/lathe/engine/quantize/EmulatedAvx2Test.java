package dev.lathe.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.quantize.QuantizeSpec.ReduceRange;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Int8 variants run on an x86 CPU without VNNI, whatever CPU runs the test: ONNX Runtime in a JVM under QEMU's
 * user-mode emulation of a Haswell (AVX2, no AVX-512, no VNNI), so its int8 kernels take the saturating
 * {@code vpmaddubsw} path, compared with the same models run here. Skipped with a printed reason where QEMU is not
 * installed (Debian: qemu-user), except under CI, where its absence fails.
 */
class EmulatedAvx2Test {
    private static final int IMAGES = 200;
    private static final String QEMU = "qemu-x86_64";

    @TempDir
    static Path tmp;

    @BeforeAll
    static void needsQemu() {
        boolean present = onPath(QEMU);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(QEMU + " is not installed; CI installs Debian's qemu-user for this test");
        }
        if (!present) {
            System.out.println("EmulatedAvx2Test skipped: " + QEMU + " is not on the PATH (Debian: apt-get install "
                    + "qemu-user)");
        }
        assumeThat(present).isTrue();
    }

    @Test
    void theDefaultStaticVariantGivesTheSameOutputsOnAnAvx2OnlyCpuAsHereAndFullRangeWeightsDoNot() throws Exception {
        Path safe = variant(ReduceRange.AUTO);
        Path full = variant(ReduceRange.OFF);
        byte[] images = OutputProbe.gunzip(Samples.testImages());

        Path emulated = emulate(safe, full);

        double safeDiff = maxAbsDiff(read(emulated.resolve("safe.onnx.out")), OutputProbe.run(safe, images, IMAGES));
        double fullDiff = maxAbsDiff(read(emulated.resolve("full.onnx.out")), OutputProbe.run(full, images, IMAGES));
        System.out.printf("%d images, emulated AVX2 against this CPU, max abs difference of the logits: auto range "
                + "%.3g, full range %.3g%n", IMAGES, safeDiff, fullDiff);
        assertThat(safeDiff).as("auto-range int8 on emulated AVX2 against this CPU").isLessThanOrEqualTo(1e-5);
        if (Avx2Emulation.hostHasVnni()) {
            // Here the int8 kernels accumulate in 32 bits; the emulated CPU must show what full-range weights lose,
            // or this test could not tell a saturating kernel from a safe one.
            assertThat(fullDiff).as("full-range int8 saturates on emulated AVX2").isGreaterThan(0.05);
        } else {
            System.out.println("This CPU has no VNNI: full-range weights saturate here as on the emulated CPU");
        }
    }

    private static Path variant(ReduceRange range) throws Exception {
        QuantizeSpec spec = new QuantizeSpec(QuantizeSpec.Mode.STATIC, true, false, range,
                QuantizeSpec.Calibration.DEFAULT, List.of(), Optional.empty());
        Path file = tmp.resolve(range == ReduceRange.AUTO ? "safe.onnx" : "full.onnx");
        new Quantizer(Samples.runtimes()).quantize(OnnxModel.read(Samples.cnn()), spec,
                Optional.of(FashionMnist.calibration(300)), Progress.NONE).model().write(file);
        return file;
    }

    private static Path emulate(Path... models) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("emulated"));
        List<String> command = new ArrayList<>(List.of(QEMU, "-cpu", "Haswell",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + Files.createDirectories(tmp.resolve("natives")),
                "-cp", System.getProperty("java.class.path"), OutputProbe.class.getName(),
                Samples.testImages().toString(), String.valueOf(IMAGES), out.toString()));
        for (Path m : models) {
            command.add(m.toString());
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("emulated.log").toFile()).start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("emulated run finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("emulated.log"))).isZero();
        return out;
    }

    private static float[] read(Path file) throws Exception {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            float[] v = new float[(int) (Files.size(file) / 4)];
            for (int i = 0; i < v.length; i++) {
                v[i] = in.readFloat();
            }
            return v;
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
