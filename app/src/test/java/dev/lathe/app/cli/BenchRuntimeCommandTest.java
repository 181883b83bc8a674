package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.runtime.executorch.Runner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lathe bench MODEL --runtime}: one ONNX model measured in ExecuTorch and libtorch, exported to each format once
 * and kept by its hash; what cannot be exported is refused in one line.
 */
class BenchRuntimeCommandTest {
    @TempDir
    Path tmp;
    private CliHarness cli;

    @BeforeEach
    void harness() {
        cli = new CliHarness(tmp);
    }

    @Test
    void anOnnxModelRunsInExecuTorchAsAProgramExportedOnceAndKept() throws Exception {
        Runner.require();

        JsonNode first = CliHarness.json(cli.run("bench", SampleFiles.cnn().toString(), "--runtime", "executorch",
                "--warmup", "3", "--iterations", "30", "--json"));
        String firstNote = cli.err();
        JsonNode second = CliHarness.json(cli.run("bench", SampleFiles.cnn().toString(), "--runtime", "executorch",
                "--warmup", "3", "--iterations", "30", "--json"));

        assertThat(first.get("ranAs").asText()).isEqualTo("cnn.pte");
        assertThat(first.get("delegate").asText()).isEqualTo("xnnpack");
        assertThat(first.get("runtime").asText()).startsWith("ExecuTorch");
        assertThat(first.get("samples").asInt()).isEqualTo(30);
        assertThat(first.get("exportedFromSha256").asText()).isEqualTo(Hashing.sha256(SampleFiles.cnn()));
        assertThat(firstNote).contains("bench: cnn.onnx runs in ExecuTorch as cnn.pte (XNNPACK delegate), exported now")
                .as("news is no lathe: line, which is for problems").doesNotContain("lathe: ");
        assertThat(cli.err()).contains("exported before");
        assertThat(second.get("modelSha256").asText()).isEqualTo(first.get("modelSha256").asText());
        Path kept;
        try (Stream<Path> files = Files.walk(tmp)) {
            kept = files.filter(f -> f.getFileName().toString().equals("cnn.pte")).findFirst().orElseThrow();
        }
        assertThat(Hashing.sha256(kept)).isEqualTo(first.get("modelSha256").asText());
        assertThat(kept.resolveSibling("cnn.pte.provenance.json")).exists();
    }

    @Test
    void portableKernelsAreAnotherProgramKeptApart() throws Exception {
        Runner.require();

        JsonNode portable = CliHarness.json(cli.run("bench", SampleFiles.cnn().toString(), "--runtime", "executorch",
                "--delegate", "none", "--warmup", "0", "--iterations", "2", "--json"));
        JsonNode xnnpack = CliHarness.json(cli.run("bench", SampleFiles.cnn().toString(), "--runtime", "executorch",
                "--warmup", "0", "--iterations", "2", "--json"));

        assertThat(portable.get("delegate").asText()).isEqualTo("none");
        assertThat(portable.get("modelSha256").asText()).isNotEqualTo(xnnpack.get("modelSha256").asText());
    }

    @Test
    void anOnnxModelRunsInLibtorchAsATorchScriptArchive() throws Exception {
        JsonNode run = CliHarness.json(cli.run("bench", SampleFiles.cnn().toString(), "--runtime", "libtorch",
                "--warmup", "2", "--iterations", "10", "--json"));

        assertThat(run.get("ranAs").asText()).isEqualTo("cnn.pt");
        assertThat(run.get("runtime").asText()).containsIgnoringCase("PyTorch");
        assertThat(run.has("delegate")).isFalse();
    }

    @Test
    void theModelsOwnRuntimeRunsTheModelItself() throws Exception {
        JsonNode run = CliHarness.json(cli.run("bench", SampleFiles.cnn().toString(), "--runtime", "onnxruntime",
                "--warmup", "2", "--iterations", "10", "--json"));

        assertThat(run.has("ranAs")).isFalse();
        assertThat(run.get("modelSha256").asText()).isEqualTo(Hashing.sha256(SampleFiles.cnn()));
        assertThat(cli.err()).doesNotContain("runs in");
    }

    @Test
    void aTorchScriptModelIsNotExportedToExecuTorchAndAnUnknownRuntimeIsNamed() {
        int code = cli.exit("bench", SampleFiles.torchScriptFixture().toString(), "--runtime", "executorch");
        assertThat(code).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("lathe: fashion_cnn.pt is a TorchScript model; ExecuTorch runs "
                + "ExecuTorch programs, which Lathe exports from ONNX models only: measure the ONNX model it came "
                + "from in executorch");

        assertThat(cli.exit("bench", SampleFiles.cnn().toString(), "--runtime", "tflite")).isEqualTo(2);
        assertThat(cli.err()).contains("runtime tflite is unknown; choose onnxruntime, executorch, libtorch");
    }
}
