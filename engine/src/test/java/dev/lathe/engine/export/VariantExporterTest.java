package dev.lathe.engine.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.device.HostProbe;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.export.pte.PteDelegate;
import dev.lathe.engine.export.pte.PteFileExporter;
import dev.lathe.engine.files.ExistingFileException;
import dev.lathe.engine.files.Overwrite;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.model.onnx.OnnxInspector;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.provenance.Provenance;
import dev.lathe.engine.provenance.ProvenanceDiff;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.files.Json;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.store.VariantReport;
import dev.lathe.engine.store.VariantStore.NewVariant;
import dev.lathe.engine.variant.Perturbed;
import dev.lathe.engine.variant.QuantizeSteps;
import dev.lathe.engine.variant.VariantSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariantExporterTest {
    @TempDir
    Path tmp;

    @Test
    void anExportHoldsTheFileItsProvenanceAndACardWithOnlyMeasuredFigures() throws Exception {
        Path db = tmp.resolve("lathe.db");
        Workbench workbench = workbench(db);
        ModelRecord parent = workbench.open(Samples.cnn());
        ModelRecord variant = storeVariant(db, parent);
        StoredEvaluation eval = workbench.evaluate(variant, EvalRequest.of(Samples.testImages()).withLimit(300), Progress.NONE);

        VariantExporter.Exported out = workbench.export(variant, tmp.resolve("out"));

        assertThat(out.model()).hasFileName("cnn.nudged.onnx");
        assertThat(Hashing.sha256(out.model())).isEqualTo(variant.sha256());
        Provenance read = Json.mapper().readValue(Files.readString(out.provenance()), Provenance.class);
        assertThat(read).isEqualTo(workbench.variant(variant).orElseThrow().provenance());
        String card = Files.readString(out.card());
        assertThat(card).startsWith("# cnn.nudged.onnx")
                .contains(variant.sha256(), parent.sha256(), "recipe `nudge`")
                .contains(String.format(java.util.Locale.ROOT, "Top-1 %.2f %%", eval.result().top1() * 100))
                .contains("on 300 examples of `t10k-images-idx3-ubyte.gz`")
                .as("accuracy depends on the device's int8 kernels")
                .contains("device `" + eval.deviceId() + "` (int8 " + HostProbe.int8Path().label() + ")")
                .contains("`precision: fp16`")
                .contains("## Latency\n\nnot measured.");
        try (var files = Files.list(tmp.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("cnn.nudged.onnx", "cnn.nudged.provenance.json", "cnn.nudged.model-card.md");
        }
    }

    @Test
    void aModelThatIsNoVariantIsExportedWithAProvenanceThatSaysLatheDidNotMakeIt() throws Exception {
        Workbench workbench = workbench(tmp.resolve("lathe.db"));
        ModelRecord cnn = workbench.open(Samples.cnn());

        VariantExporter.Exported out = workbench.export(cnn, tmp.resolve("out"));

        assertThat(out.model()).hasFileName("cnn.onnx").hasSameBinaryContentAs(Samples.cnn());
        Provenance read = workbench.provenance(out.provenance());
        assertThat(read).isEqualTo(Provenance.notMadeByLathe(cnn.sha256()));
        assertThat(read.madeByLathe()).isFalse();
        assertThat(read.variantSha256()).hasValue(cnn.sha256());
        assertThat(Files.readString(out.card())).startsWith("# cnn.onnx\n\nNot made by Lathe")
                .contains("`" + cnn.sha256() + "`", cnn.fileBytes() + " bytes")
                .contains("## Accuracy\n\nnot measured.").doesNotContain("Made by Lathe");
    }

    @Test
    void aPteCarriesItsSourcesProvenanceWithTheProgramsFactsAndACardOfBoth() throws Exception {
        Path db = tmp.resolve("lathe.db");
        Workbench workbench = workbench(db);
        ModelRecord parent = workbench.open(Samples.cnn());
        ModelRecord variant = storeVariant(db, parent);
        StoredEvaluation eval = workbench.evaluate(variant, EvalRequest.of(Samples.testImages()).withLimit(100),
                Progress.NONE);
        VariantExporter.Exported onnx = workbench.export(variant, tmp.resolve("out"));

        PteFileExporter.Written pte = workbench.exportPte(variant, tmp.resolve("out"), Optional.empty(),
                PteDelegate.XNNPACK, Overwrite.REFUSE);

        assertThat(pte.provenance()).hasFileName("cnn.nudged.pte.provenance.json");
        assertThat(pte.card()).hasFileName("cnn.nudged.pte.model-card.md");
        Provenance read = workbench.provenance(pte.provenance());
        assertThat(read).as("the variant's provenance, as an ONNX export writes it")
                .isEqualTo(workbench.variant(variant).orElseThrow().provenance());
        assertThat(ProvenanceDiff.between(read, workbench.provenance(onnx.provenance())).identical()).isTrue();
        JsonNode program = Json.mapper().readTree(pte.provenance().toFile()).get(PteFileExporter.SECTION);
        assertThat(program.get("delegate").asText()).isEqualTo("xnnpack");
        assertThat(program.get("delegateUsed").asText()).isEqualTo("xnnpack");
        assertThat(program.get("kernels").asText()).startsWith("XnnpackBackend (");
        assertThat(program.get("inputShapeFrom").asText()).isEqualTo("the model, each dynamic dimension set to 1");
        assertThat(program.get("sourceSha256").asText()).isEqualTo(variant.sha256());
        assertThat(program.get("fileSha256").asText()).isEqualTo(Hashing.sha256(pte.pte()));
        assertThat(program.get("plannedArenaBytes").asLong()).isEqualTo(pte.export().plan().arenaBytes());
        assertThat(program.get("constantBytes").asLong()).isEqualTo(pte.export().program().constantBytes());
        String card = Files.readString(pte.card());
        assertThat(card).startsWith("# cnn.nudged.pte\n\nExecuTorch program lowered by Lathe from `cnn.nudged.onnx`")
                .contains("| Delegate | xnnpack asked, xnnpack used |")
                .contains("| SHA-256 | `" + Hashing.sha256(pte.pte()) + "` |")
                .contains(String.format(java.util.Locale.ROOT, "planned in %,d bytes", pte.export().plan().arenaBytes()))
                .contains("## Source model: cnn.nudged.onnx\n\nMade by Lathe from `cnn.onnx` with recipe `nudge`")
                .contains("## Accuracy (of the source model)\n\n" + String.format(java.util.Locale.ROOT,
                        "Top-1 %.2f %%", eval.result().top1() * 100))
                .contains("device `" + eval.deviceId() + "`")
                .contains("## Latency (of the source model)\n\nnot measured.");
        String onnxCard = Files.readString(onnx.card());
        assertThat(card).as("the source's card, whole").contains(onnxCard.substring(onnxCard.indexOf("Made by Lathe"),
                onnxCard.indexOf("## Accuracy")));
    }

    @Test
    void twoVariantsExportedIntoOneFolderKeepTheirOwnProvenanceAndCard() throws Exception {
        Path db = tmp.resolve("lathe.db");
        Workbench workbench = workbench(db);
        ModelRecord parent = workbench.open(Samples.cnn());
        ModelRecord first = storeVariant(db, parent, "cnn.nudged.onnx", 0.01f);
        ModelRecord second = storeVariant(db, parent, "cnn.shoved.onnx", 0.02f);

        VariantExporter.Exported a = workbench.export(first, tmp.resolve("out"));
        VariantExporter.Exported b = workbench.export(second, tmp.resolve("out"));

        assertThat(a.provenance()).hasFileName("cnn.nudged.provenance.json").isNotEqualTo(b.provenance());
        assertThat(b.card()).hasFileName("cnn.shoved.model-card.md");
        assertThat(Files.readString(a.card())).startsWith("# cnn.nudged.onnx");
        assertThat(Files.readString(b.card())).startsWith("# cnn.shoved.onnx");
    }

    @Test
    void aFileOfTheSameNameIsReplacedOnlyWhenAskedAndNothingIsWrittenOtherwise() throws Exception {
        Path db = tmp.resolve("lathe.db");
        Workbench workbench = workbench(db);
        ModelRecord variant = storeVariant(db, workbench.open(Samples.cnn()));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path card = Files.writeString(out.resolve("cnn.nudged.model-card.md"), "my own notes\n");

        assertThatThrownBy(() -> workbench.export(variant, out))
                .isInstanceOf(ExistingFileException.class)
                .hasMessage(card + " already exists; nothing was exported");
        assertThat(card).hasContent("my own notes");
        try (var files = Files.list(out)) {
            assertThat(files).containsExactly(card);
        }

        workbench.export(variant, out, Overwrite.REPLACE);
        assertThat(Files.readString(card)).startsWith("# cnn.nudged.onnx");
    }

    @Test
    void exportingAgainIntoTheSameFolderReplacesNothingAndIsNoConflict() throws Exception {
        Path db = tmp.resolve("lathe.db");
        Workbench workbench = workbench(db);
        ModelRecord variant = storeVariant(db, workbench.open(Samples.cnn()));
        VariantExporter.Exported first = workbench.export(variant, tmp.resolve("out"));
        long written = Files.getLastModifiedTime(first.provenance()).toMillis();

        VariantExporter.Exported again = workbench.export(variant, tmp.resolve("out"));

        assertThat(again).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(again.provenance()).toMillis()).isEqualTo(written);
    }

    @Test
    void aFileGivenAsTheFolderIsRefusedNamingIt() throws Exception {
        Path db = tmp.resolve("lathe.db");
        Workbench workbench = workbench(db);
        ModelRecord variant = storeVariant(db, workbench.open(Samples.cnn()));
        Path file = Files.writeString(tmp.resolve("notes.txt"), "x");

        assertThatThrownBy(() -> workbench.export(variant, file, Overwrite.REPLACE))
                .isInstanceOf(LatheException.class)
                .hasMessageStartingWith(file + " is a file, not a folder");
        assertThat(file).hasContent("x");
    }

    /** Variants here are stored directly, so the recipe steps are the ones the app wires, unused. */
    private static Workbench workbench(Path db) throws Exception {
        return VariantSamples.workbench(db, new QuantizeSteps(Samples.runtimes()));
    }

    private ModelRecord storeVariant(Path db, ModelRecord parent) throws Exception {
        return storeVariant(db, parent, "cnn.nudged.onnx", 0.01f);
    }

    /** A nudged copy of the sample model, stored as a variant of it the way a recipe run stores one. */
    private ModelRecord storeVariant(Path db, ModelRecord parent, String name, float nudge) throws Exception {
        Path file = Perturbed.copy(Samples.cnn(), tmp.resolve("variants/" + name), nudge);
        String sha = Hashing.sha256(file);
        ModelSummary summary = new OnnxInspector().summarize(OnnxModel.read(file), name, sha, Files.size(file));
        Provenance p = new Provenance(parent.sha256(), "nudge", 0, "convert", Map.of("precision", "fp16"), 0,
                Optional.empty(), Optional.empty(), Optional.empty(), Provenance.latheVersionNow(), "1.23.2", Provenance.jvmNow(),
                Provenance.osNow(), Provenance.archNow(), System.currentTimeMillis());
        try (ExperimentStore store = ExperimentStore.open(db)) {
            return store.variants().add(List.of(new NewVariant(summary, file, p, new VariantReport(List.of(), List.of(),
                    List.of(), List.of(), Optional.empty(), Optional.empty())))).get(0).model();
        }
    }
}
