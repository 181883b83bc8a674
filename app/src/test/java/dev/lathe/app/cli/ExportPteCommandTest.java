package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportPteCommandTest {
    @TempDir
    Path tmp;
    private CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(tmp);
    }

    @Test
    void exportsAnyOnnxModelAsAPteWithTheChosenShapeInItsProvenance() throws Exception {
        Path out = tmp.resolve("out");
        String printed = cli.run("export", SampleFiles.cnn().toString(), "--format", "pte", "--out", out.toString(),
                "--input-shape", "4x1x28x28", "--delegate", "none");
        Path pte = out.resolve("cnn.pte");
        byte[] bytes = Files.readAllBytes(pte);
        assertThat(new String(Arrays.copyOfRange(bytes, 4, 8), StandardCharsets.US_ASCII)).isEqualTo("ET12");
        assertThat(new String(Arrays.copyOfRange(bytes, 8, 12), StandardCharsets.US_ASCII)).isEqualTo("eh00");
        JsonNode provenance = CliHarness.json(Files.readString(out.resolve("cnn.pte.provenance.json")))
                .get("executorch");
        assertThat(provenance.get("inputShapes").toString()).isEqualTo("[[4,1,28,28]]");
        assertThat(provenance.get("inputShapeFrom").asText()).isEqualTo("--input-shape");
        assertThat(provenance.get("fileBytes").asLong()).isEqualTo(bytes.length);
        assertThat(provenance.get("operators").get("aten::convolution.out").asInt()).isEqualTo(4);
        assertThat(printed).contains(pte.toString(), out.resolve("cnn.pte.provenance.json").toString(),
                out.resolve("cnn.pte.model-card.md").toString()).contains("cnn.pte: " + String.format("%,d", bytes.length)
                + " bytes").contains("activations planned in 1,204,224 bytes");
    }

    @Test
    void thePtesProvenanceIsTheSourcesAsOnnxExportWritesItAndProvenanceDiffReadsIt() throws Exception {
        Path out = tmp.resolve("out");
        cli.run("export", SampleFiles.cnn().toString(), "--out", out.toString());
        cli.run("export", SampleFiles.cnn().toString(), "--format", "pte", "--out", out.toString());

        String diff = cli.run("provenance", "diff", out.resolve("cnn.provenance.json").toString(),
                out.resolve("cnn.pte.provenance.json").toString());

        assertThat(diff.strip()).isEqualTo("identical");
        assertThat(Files.readString(out.resolve("cnn.pte.model-card.md"))).startsWith("# cnn.pte\n")
                .contains("| Delegate | xnnpack asked, xnnpack used |", "## Source model: cnn.onnx",
                        "Not made by Lathe");
    }

    @Test
    void inspectShowsTheProgramsMethodOperatorsAndPlannedMemory() throws Exception {
        Path out = tmp.resolve("out");
        cli.run("export", SampleFiles.cnn().toString(), "--format", "pte", "--out", out.toString(), "--delegate", "none");
        String text = cli.run("inspect", out.resolve("cnn.pte").toString());
        assertThat(text).contains("ExecuTorch program ET12 + eh00").contains("method      forward: 14 instructions")
                .contains("input       float [1, 1, 28, 28]").contains("output      float [1, 10]")
                .containsPattern("operator    aten::convolution.out +x4");
        JsonNode json = CliHarness.json(cli.run("inspect", out.resolve("cnn.pte").toString(), "--json"));
        assertThat(json.get("identifier").asText()).isEqualTo("ET12");
        assertThat(json.get("methods").get(0).get("plannedBytes").asLong()).isEqualTo(301_056);
        assertThat(json.get("methods").get(0).get("operators").get("aten::relu.out").asInt()).isEqualTo(5);
    }

    @Test
    void byDefaultTheCnnGoesWholeToXnnpackAndInspectListsTheDelegateWithItsSize() throws Exception {
        Path out = tmp.resolve("out");
        String printed = cli.run("export", SampleFiles.cnn().toString(), "--format", "pte", "--out", out.toString());
        JsonNode provenance = CliHarness.json(Files.readString(out.resolve("cnn.pte.provenance.json")))
                .get("executorch");
        assertThat(provenance.get("delegate").asText()).isEqualTo("xnnpack");
        assertThat(provenance.get("kernels").asText()).startsWith("XnnpackBackend (1 delegate calls,")
                .endsWith("+ portable (0 kernel calls)");
        assertThat(printed).contains("XnnpackBackend (1 delegate calls");
        String text = cli.run("inspect", out.resolve("cnn.pte").toString());
        assertThat(text).contains("method      forward: 1 instructions").containsPattern("delegate    XnnpackBackend \\(");
        JsonNode json = CliHarness.json(cli.run("inspect", out.resolve("cnn.pte").toString(), "--json"));
        assertThat(json.get("methods").get(0).get("delegates").get(0).get("backend").asText())
                .isEqualTo("XnnpackBackend");
        assertThat(json.get("methods").get(0).get("delegates").get(0).get("bytes").asLong()).isPositive();
    }

    @Test
    void anUnknownDelegateIsRefusedNamingTheChoices() {
        int code = cli.exit("export", SampleFiles.cnn().toString(), "--format", "pte", "--delegate", "qnn", "--out",
                tmp.resolve("o").toString());
        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).contains("--delegate qnn is unknown; choose xnnpack or none");
    }

    @Test
    void unsupportedOpsAreNamedOnOneLineWithExitCode2() throws Exception {
        Path model = tmp.resolve("trig.onnx");
        new OnnxGraphBuilder("g").input("x", ElementType.FLOAT, List.of(1, 4))
                .output("y", ElementType.FLOAT, List.of(1, 4))
                .node("Sin", List.of("x"), List.of("a"), "/a/sin")
                .node("Cos", List.of("a"), List.of("y"), "/b/cos").write(model);
        int code = cli.exit("export", model.toString(), "--format", "pte", "--out", tmp.resolve("o").toString());
        assertThat(code).isEqualTo(2);
        assertThat(cli.err().strip().lines()).hasSize(1);
        assertThat(cli.err()).contains("trig.onnx: ExecuTorch export has no lowering for 2 nodes: Sin ('/a/sin'), "
                + "Cos ('/b/cos')");
        assertThat(tmp.resolve("o")).doesNotExist();
    }

    @Test
    void aDynamicInt8ModelAskedOfXnnpackRunsOnPortableKernelsWithOneWarningLineAndANoteInItsProvenance()
            throws Exception {
        Path model = tmp.resolve("dyn.onnx");
        new OnnxGraphBuilder("g").opset(17).input("x", ElementType.FLOAT, List.of(2, 4))
                .output("y", ElementType.FLOAT, List.of(2, 3))
                .initializer("w", ElementType.INT8, new byte[] {1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12}, 12, 4, 3)
                .node("DynamicQuantizeLinear", List.of("x"), List.of("q", "s", "z"), "/quantize")
                .node("MatMulInteger", List.of("q", "w", "z"), List.of("sums"), "/fc")
                .node("Cast", List.of("sums"), List.of("sums_float"), "/cast", OnnxGraphBuilder.intAttr("to", 1))
                .node("Mul", List.of("sums_float", "s"), List.of("y"), "/scale").write(model);
        Path out = tmp.resolve("o");
        String printed = cli.run("export", model.toString(), "--format", "pte", "--out", out.toString());
        String warning = "the XNNPACK delegate was asked for, but the model is dynamic int8 (its activations are "
                + "quantized at run time), which it does not take here: the whole program runs on portable kernels";
        assertThat(cli.err().strip().lines()).containsExactly("lathe: warning: " + warning);
        assertThat(printed).contains("portable (");
        JsonNode provenance = CliHarness.json(Files.readString(out.resolve("dyn.pte.provenance.json")))
                .get("executorch");
        assertThat(provenance.get("delegate").asText()).isEqualTo("xnnpack");
        assertThat(provenance.get("delegateUsed").asText()).isEqualTo("none");
        assertThat(provenance.get("notes").get(0).asText()).isEqualTo(warning);
        assertThat(Files.readString(out.resolve("dyn.pte.model-card.md"))).contains(warning);
    }

    @Test
    void anUnknownFormatIsRefusedByName() {
        int code = cli.exit("export", SampleFiles.cnn().toString(), "--format", "tflite", "--out",
                tmp.resolve("o").toString());
        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).contains("--format tflite is unknown; choose onnx, pte or torchscript");
    }
}
