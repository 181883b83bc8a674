package dev.lathe.engine.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.device.HostProbe;
import dev.lathe.engine.files.ExistingFileException;
import dev.lathe.engine.files.Overwrite;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.model.onnx.OnnxInspector;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.provenance.Provenance;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.files.Json;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.store.VariantReport;
import dev.lathe.engine.store.VariantStore.NewVariant;
import dev.lathe.engine.variant.Perturbed;
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
        Workbench workbench = VariantSamples.workbench(db);
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
    void aModelThatIsNoVariantHasNothingToExport() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"));
        ModelRecord cnn = workbench.open(Samples.cnn());

        assertThatThrownBy(() -> workbench.export(cnn, tmp.resolve("out")))
                .isInstanceOf(LatheException.class)
                .hasMessageStartingWith("cnn.onnx was not made by a Lathe recipe");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void twoVariantsExportedIntoOneFolderKeepTheirOwnProvenanceAndCard() throws Exception {
        Path db = tmp.resolve("lathe.db");
        Workbench workbench = VariantSamples.workbench(db);
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
        Workbench workbench = VariantSamples.workbench(db);
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
        Workbench workbench = VariantSamples.workbench(db);
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
        Workbench workbench = VariantSamples.workbench(db);
        ModelRecord variant = storeVariant(db, workbench.open(Samples.cnn()));
        Path file = Files.writeString(tmp.resolve("notes.txt"), "x");

        assertThatThrownBy(() -> workbench.export(variant, file, Overwrite.REPLACE))
                .isInstanceOf(LatheException.class)
                .hasMessageStartingWith(file + " is a file, not a folder");
        assertThat(file).hasContent("x");
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
