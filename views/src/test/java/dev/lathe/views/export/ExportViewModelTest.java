package dev.lathe.views.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.engine.device.directory.AgentDirectory;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.support.InlineTaskRunner;
import dev.lathe.views.support.TestDevices;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File › Export… without a screen: any model, as ONNX or as an ExecuTorch program, and failures in one line. */
class ExportViewModelTest {
    @TempDir
    Path tmp;
    private TestEngine engine;
    private AgentDirectory devices;
    private final List<List<Path>> told = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        devices = TestDevices.none(tmp);
        engine = TestEngine.open(tmp.resolve("lathe.db"), devices);
    }

    @AfterEach
    void tearDown() {
        devices.close();
        engine.close();
    }

    private ExportViewModel exporting(Path file) throws Exception {
        ModelRecord model = engine.workbench().open(file);
        return new ExportViewModel(engine.workbench(), new InlineTaskRunner(), model, told::add);
    }

    @Test
    void aModelThatIsNoVariantBecomesAPteWithItsProvenanceAndCard() throws Exception {
        ExportViewModel export = exporting(TestModels.model(tmp));
        export.formatProperty().set(ExportFormat.EXECUTORCH);
        assertThat(export.asksShapeProperty().get()).as("the sample's batch is open").isTrue();
        assertThat(export.shapeProperty().get()).isEqualTo("1x1x28x28");
        Path out = tmp.resolve("out");
        export.folderProperty().set(out.toString());

        export.export();

        assertThat(export.problemProperty().get()).isEmpty();
        String stem = export.model().name().replaceFirst("\\.onnx$", "");
        assertThat(export.written()).containsExactly(out.resolve(stem + ".pte"),
                out.resolve(stem + ".pte.provenance.json"), out.resolve(stem + ".pte.model-card.md"));
        assertThat(told).containsExactly(List.copyOf(export.written()));
        JsonNode provenance = new ObjectMapper().readTree(out.resolve(stem + ".pte.provenance.json").toFile());
        assertThat(provenance.get("stepIndex").asInt()).as("not made by Lathe").isEqualTo(-1);
        assertThat(provenance.get("variantSha256").asText()).isEqualTo(export.model().sha256());
        assertThat(provenance.get("executorch").get("delegate").asText()).isEqualTo("xnnpack");
        assertThat(provenance.get("executorch").get("inputShapeFrom").asText())
                .as("the suggested shape left as it is is not a shape given")
                .isEqualTo("the model, each dynamic dimension set to 1");
        assertThat(Files.readString(out.resolve(stem + ".pte.model-card.md")))
                .startsWith("# " + stem + ".pte").contains("Not made by Lathe");
    }

    @Test
    void aShapeTypedGoesIntoTheProgramAndAPortableOnlyExportNamesNoDelegate() throws Exception {
        ExportViewModel export = exporting(TestModels.model(tmp));
        export.formatProperty().set(ExportFormat.EXECUTORCH);
        export.xnnpackProperty().set(false);
        export.shapeProperty().set("2x1x28x28");
        export.folderProperty().set(tmp.resolve("out").toString());

        export.export();

        assertThat(export.problemProperty().get()).isEmpty();
        JsonNode section = new ObjectMapper().readTree(export.written().get(1).toFile()).get("executorch");
        assertThat(section.get("inputShapes").toString()).isEqualTo("[[2,1,28,28]]");
        assertThat(section.get("delegate").asText()).isEqualTo("none");
        assertThat(section.get("delegateUsed").asText()).isEqualTo("none");
    }

    @Test
    void aBadShapeIsRefusedBeforeAnythingRuns() throws Exception {
        ExportViewModel export = exporting(TestModels.model(tmp));
        export.formatProperty().set(ExportFormat.EXECUTORCH);
        export.shapeProperty().set("1x1x28xa");
        export.folderProperty().set(tmp.resolve("out").toString());

        export.export();

        assertThat(export.problemProperty().get()).contains("'a'");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void opsTheLoweringLacksAreNamedOnOneLineAndNothingIsWritten() throws Exception {
        Path trig = tmp.resolve("trig.onnx");
        new OnnxGraphBuilder("g").input("x", ElementType.FLOAT, List.of(1, 4))
                .output("y", ElementType.FLOAT, List.of(1, 4))
                .node("Sin", List.of("x"), List.of("a"), "/a/sin")
                .node("Cos", List.of("a"), List.of("y"), "/b/cos").write(trig);
        ExportViewModel export = exporting(trig);
        export.formatProperty().set(ExportFormat.EXECUTORCH);
        assertThat(export.asksShapeProperty().get()).as("every dimension is fixed").isFalse();
        export.folderProperty().set(tmp.resolve("out").toString());

        export.export();

        assertThat(export.problemProperty().get()).doesNotContain("\n")
                .contains("ExecuTorch export has no lowering for 2 nodes: Sin ('/a/sin'), Cos ('/b/cos')");
        assertThat(export.written()).isEmpty();
        assertThat(export.runningProperty().get()).isFalse();
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void anOnnxModelBecomesATorchScriptArchiveWithItsProvenanceAndCard() throws Exception {
        ExportViewModel export = exporting(TestModels.model(tmp));
        Path out = tmp.resolve("out");
        export.folderProperty().set(out.toString());

        export.formatProperty().set(ExportFormat.TORCHSCRIPT);
        assertThat(export.unavailable(ExportFormat.TORCHSCRIPT)).isEmpty();
        assertThat(export.canExportProperty().get()).isTrue();
        assertThat(export.asksShapeProperty().get()).as("only an ExecuTorch program asks").isFalse();
        export.export();

        assertThat(export.problemProperty().get()).isEmpty();
        String stem = export.model().name().replaceFirst("\\.onnx$", "");
        assertThat(export.written()).containsExactly(out.resolve(stem + ".pt"),
                out.resolve(stem + ".pt.provenance.json"), out.resolve(stem + ".pt.model-card.md"));
        assertThat(told).containsExactly(List.copyOf(export.written()));
        JsonNode facts = new ObjectMapper().readTree(out.resolve(stem + ".pt.provenance.json").toFile())
                .get("torchscript");
        assertThat(facts.get("fileBytes").asLong()).isEqualTo(Files.size(out.resolve(stem + ".pt")));
    }
}
