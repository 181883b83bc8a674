package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path tmp;

    private CliHarness cli;

    @org.junit.jupiter.api.BeforeEach
    void harness() {
        cli = new CliHarness(tmp);
    }

    @Test
    void inspectPrintsTheDocumentedJsonFields() throws Exception {
        JsonNode j = CliHarness.json(cli.run("inspect", SampleFiles.cnn().toString(), "--json"));
        assertThat(j.get("parameters").asLong()).isPositive();
        assertThat(j.get("fileBytes").asLong()).isEqualTo(Files.size(SampleFiles.cnn()));
        assertThat(j.get("inputs").get(0).get("shape").toString()).isEqualTo("[\"batch\",1,28,28]");
        assertThat(j.get("outputs").get(0).get("name").asText()).isNotEmpty();
        assertThat(j.get("ops").get("Conv").asInt()).isPositive();
    }

    @Test
    void evalReportsTopOneAndTopFiveOverTheLimitedSamples() throws Exception {
        JsonNode j = CliHarness.json(cli.run("eval", SampleFiles.cnn().toString(), "--data", SampleFiles.testImages().toString(),
                "--limit", "500", "--json"));
        assertThat(j.get("samples").asInt()).isEqualTo(500);
        assertThat(j.get("top1").asDouble()).isBetween(0.85, 1.0);
        assertThat(j.get("top5").asDouble()).isGreaterThanOrEqualTo(j.get("top1").asDouble());
    }

    @Test
    void benchReportsPercentilesFromTheRequestedIterations() throws Exception {
        JsonNode j = CliHarness.json(cli.run("bench", SampleFiles.cnn().toString(), "--warmup", "3", "--iterations", "30", "--json"));
        assertThat(j.get("samples").asInt()).isEqualTo(30);
        assertThat(j.get("p50Ms").asDouble()).isPositive();
        assertThat(j.get("p99Ms").asDouble()).isGreaterThanOrEqualTo(j.get("p50Ms").asDouble());
        assertThat(j.get("p90Ms").asDouble()).isBetween(j.get("p50Ms").asDouble(), j.get("p99Ms").asDouble());
        assertThat(j.get("meanMs").asDouble()).isPositive();
        assertThat(j.get("throughput").asDouble()).isPositive();
        assertThat(j.get("latenciesMs")).hasSize(30);
        assertThat(j.get("device").get("id").asText()).as("run by this computer's runner, the agent in a child")
                .startsWith("agent-");
        assertThat(tmp.resolve("data/this-computer/lathe-agent.log")).exists();
        assertThat(tmp.resolve("data/this-computer/cache")).as("natives unpacked once, in the workbench's cache")
                .doesNotExist();
        assertThat(cli.run("bench", SampleFiles.cnn().toString(), "--warmup", "1", "--iterations", "5"))
                .contains("cnn.onnx, input 1x1x28x28, 1 thread, ONNX Runtime ")
                .containsPattern("peak RSS {4}\\d+(\\.\\d+)? [KMG]iB \\(whole process\\)")
                .containsPattern("device {6}This computer: [^\\n]*, \\d+(\\.\\d+)? [MGT]iB, ");
        assertThat(j.get("deviceName").asText()).isEqualTo("This computer");
        assertThat(cli.run("runs", SampleFiles.cnn().toString()).lines().skip(1))
                .as("this computer's runs go by the name it has everywhere, not its host name")
                .hasSize(2).allSatisfy(line -> assertThat(line).contains("  This computer  "));
    }

    @Test
    void versionIsTheBuildsWithTheRuntimesThisComputerHas() {
        String said = cli.run("--version");
        assertThat(said.lines().findFirst().orElseThrow()).matches("Lathe \\d+\\.\\d+\\.\\d+.*")
                .doesNotContain("development");
        assertThat(said).contains("runtimes: ONNX Runtime ").contains("java: ");
    }

    @Test
    void aTorchScriptModelIsBenchmarkedWithTheShapeGivenAndTheShapeIsRemembered() throws Exception {
        Path pt = SampleFiles.torchScriptFixture();
        JsonNode first = CliHarness.json(cli.run("bench", pt.toString(), "--input-shape", "1x1x28x28", "--warmup", "3",
                "--iterations", "20", "--json"));
        assertThat(first.get("inputShape").toString()).isEqualTo("[1,1,28,28]");
        assertThat(first.get("runtime").asText()).startsWith("PyTorch");

        JsonNode again = CliHarness.json(cli.run("bench", pt.toString(), "--batch", "2", "--iterations", "5", "--json"));
        assertThat(again.get("inputShape").toString()).isEqualTo("[2,1,28,28]");
    }

    @Test
    void aBadModelIsOneLineOnStderrAndExitCodeTwo() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.onnx"), "hello");
        int code = cli.exit("inspect", bad.toString());
        assertThat(code).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("lathe: bad.onnx: ").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void aMalformedInputShapeIsAUsageError() {
        int code = cli.exit(
                "bench", SampleFiles.cnn().toString(), "--input-shape", "1by28");
        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).contains("'1by28' is not a shape");
    }

    @Test
    void aMistakeInTheOptionsIsOneLineNamingTheOptionAndWhereTheUsageIs() {
        String model = SampleFiles.cnn().toString();
        assertThat(oneLineError("bench", model, "--iterations", "-5"))
                .isEqualTo("lathe: --iterations must be from 1 to 10,000,000, got -5 (every run's latency is kept); "
                        + "see lathe bench --help");
        assertThat(oneLineError("bench", model, "--warmup", "abc"))
                .isEqualTo("lathe: Invalid value for option '--warmup': 'abc' is not an int; see lathe bench --help");
        assertThat(oneLineError("bench", model, "--batch", "0"))
                .isEqualTo("lathe: --batch must be from 1 to 65,536, got 0; see lathe bench --help");
        assertThat(oneLineError("bench", model, "--iteratons", "5"))
                .isEqualTo("lathe: Unknown options: '--iteratons', '5' (did you mean --iterations?); see lathe bench --help");
        assertThat(oneLineError("optimize", model)).startsWith("lathe: Missing required options: ")
                .endsWith("; see lathe optimize --help");
    }

    @Test
    void helpStillShowsTheWholeUsage() {
        assertThat(cli.run("bench", "--help")).startsWith("Usage: lathe bench").contains("--iterations=N");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void inspectEscapesControlCharactersFromTheFileAndJsonKeepsThemAsTheyAre() throws Exception {
        String title = "mm\u001b]0;TITLE\u0007\u001b[2J\nrelu";
        Path model = tmp.resolve("esc.onnx");
        new OnnxGraphBuilder("g").producer("evil\u001b[31m", "1")
                .input("x", ElementType.FLOAT, List.of(1, 4)).output("y", ElementType.FLOAT, List.of(1, 3))
                .initializer("w", new float[12], 4, 3).node("MatMul", List.of("x", "w"), List.of("y"), title)
                .write(model);

        String text = cli.run("inspect", model.toString());

        assertThat(text).contains("  producer    evil\\u001b[31m 1")
                .contains("  mm\\u001b]0;TITLE\\u0007\\u001b[2J\\u000arelu ")
                .doesNotContain("\u001b", "\u0007");
        JsonNode j = CliHarness.json(cli.run("inspect", model.toString(), "--json"));
        assertThat(j.get("layers").get(0).get("name").asText()).isEqualTo(title);
        assertThat(cli.out()).doesNotContain("\u001b", "\u0007");
    }

    @Test
    void aFileNameWithControlCharactersIsEscapedInTheErrorLine() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad\u001b[2J.onnx"), "hello");

        assertThat(cli.exit("inspect", bad.toString())).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("lathe: bad\\u001b[2J.onnx: ").doesNotContain("\u001b", "\n");
    }

    private String oneLineError(String... args) {
        assertThat(cli.exit(args)).isEqualTo(2);
        assertThat(cli.err()).as("one line").hasLineCount(1).doesNotContain("Usage");
        return cli.err().strip();
    }

    @Test
    void aDatasetThatDoesNotFitNamesBothShapes() throws Exception {
        Path csv = Files.writeString(tmp.resolve("t.csv"), "a,label\n1,0\n");
        int code = cli.exit(
                "eval", SampleFiles.cnn().toString(), "--data", csv.toString());
        assertThat(code).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo(
                "lathe: cnn.onnx: input 'input' expects 1×28×28 float, the dataset gives rows of 1 features");
    }
}
