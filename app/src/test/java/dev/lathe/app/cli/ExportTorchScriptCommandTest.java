package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportTorchScriptCommandTest {
    @TempDir
    Path tmp;
    private CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(tmp);
    }

    @Test
    void exportsAnOnnxModelAsATorchScriptArchiveWithItsProvenanceAndCard() throws Exception {
        Path out = tmp.resolve("out");
        String printed = cli.run("export", SampleFiles.cnn().toString(), "--format", "torchscript", "--out",
                out.toString());
        Path pt = out.resolve("cnn.pt");
        try (ZipFile zip = new ZipFile(pt.toFile())) {
            assertThat(zip.getEntry("cnn/data.pkl")).isNotNull();
            assertThat(zip.getEntry("cnn/code/__torch__.py")).isNotNull();
            assertThat(new String(zip.getInputStream(zip.getEntry("cnn/version")).readAllBytes()).strip())
                    .isEqualTo("3");
        }
        JsonNode facts = CliHarness.json(Files.readString(out.resolve("cnn.pt.provenance.json"))).get("torchscript");
        assertThat(facts.get("fileBytes").asLong()).isEqualTo(Files.size(pt));
        assertThat(facts.get("precision").asText()).isEqualTo("fp32");
        assertThat(facts.get("onnxOps").get("Conv").asInt()).isEqualTo(4);
        assertThat(facts.get("parameters").asLong()).isEqualTo(447_642L);
        assertThat(printed).contains(pt.toString(), out.resolve("cnn.pt.provenance.json").toString(),
                out.resolve("cnn.pt.model-card.md").toString()).contains("TorchScript file format 3");
        assertThat(Files.readString(out.resolve("cnn.pt.model-card.md"))).startsWith("# cnn.pt\n")
                .contains("## Source model: cnn.onnx", "module `__torch__.Cnn`");
    }

    @Test
    void theArchivesProvenanceIsTheSourcesAsOnnxExportWritesIt() throws Exception {
        Path out = tmp.resolve("out");
        cli.run("export", SampleFiles.cnn().toString(), "--out", out.toString());
        cli.run("export", SampleFiles.cnn().toString(), "--format", "torchscript", "--out", out.toString());

        String diff = cli.run("provenance", "diff", out.resolve("cnn.provenance.json").toString(),
                out.resolve("cnn.pt.provenance.json").toString());

        assertThat(diff.strip()).isEqualTo("identical");
    }

    @Test
    void namesEveryUnsupportedNodeAtOnceAndWritesNothing() throws Exception {
        Path model = tmp.resolve("trig.onnx");
        new OnnxGraphBuilder("g").input("x", ElementType.FLOAT, List.of(1, 4))
                .output("y", ElementType.FLOAT, List.of(1, 4))
                .node("Sin", List.of("x"), List.of("a"), "/a/sin")
                .node("Relu", List.of("a"), List.of("b"), "/b/relu")
                .node("Cos", List.of("b"), List.of("y"), "/c/cos").write(model);
        int code = cli.exit("export", model.toString(), "--format", "torchscript", "--out",
                tmp.resolve("o").toString());
        assertThat(code).isEqualTo(2);
        assertThat(cli.err().strip().lines()).hasSize(1);
        assertThat(cli.err()).contains("trig.onnx: TorchScript export has no lowering for 2 nodes: Sin ('/a/sin'), "
                + "Cos ('/c/cos')");
        assertThat(tmp.resolve("o")).doesNotExist();
    }
}
