package dev.lathe.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Calibration, the per-layer error report and the check of a written model run on the runtimes they are handed,
 * nothing else: each works as the very first call of a fresh JVM, with no other code having started ONNX Runtime.
 */
class FirstCallTest {

    @Test
    void calibrationWorksAsTheFirstCallOfAFreshJvm() throws Exception {
        assertThat(runAlone("calibrator")).isEqualTo("ranges [mm0, mm1]");
    }

    @Test
    void theLayerErrorReportWorksAsTheFirstCallOfAFreshJvm() throws Exception {
        assertThat(runAlone("layer-errors")).isEqualTo("layers [/fc0/MatMul, /fc1/MatMul, /fc2/MatMul]");
    }

    @Test
    void theCheckOfAWrittenModelWorksAsTheFirstCallOfAFreshJvm() throws Exception {
        assertThat(runAlone("ort-check")).isEqualTo("checked");
    }

    /** {@link FirstCall} in a JVM of its own; its last line of output. */
    private static String runAlone(String which) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                FirstCall.class.getName(), which, Samples.cacheDir().toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        return lines.get(lines.size() - 1);
    }
}
