package dev.lathe.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.Samples;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.model.onnx.OnnxInspector;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.provenance.Provenance;
import dev.lathe.engine.provenance.StepRun;
import dev.lathe.engine.quantize.LayerError;
import dev.lathe.engine.quantize.QuantizedModel;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.recipe.RecipeWriter;
import dev.lathe.engine.store.VariantStore.NewVariant;
import dev.lathe.engine.variant.Perturbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariantStoreTest {
    @TempDir
    Path tmp;

    @Test
    void provenanceSurvivesAWriteAndReadRoundTripAcrossARestart() throws Exception {
        Path db = tmp.resolve("lathe.db");
        Provenance provenance;
        String variantSha;
        try (ExperimentStore store = ExperimentStore.open(db)) {
            ModelRecord parent = store.addModel(summary(Samples.cnn(), "cnn.onnx"), Samples.cnn(), Optional.empty());
            Path file = Perturbed.copy(Samples.cnn(), tmp.resolve("variants/v.onnx"), 0.5f);
            ModelSummary summary = summary(file, "cnn.int8-static.onnx");
            provenance = provenance(parent.sha256());
            VariantReport report = new VariantReport(List.of("/conv1/Conv"),
                    List.of(new QuantizedModel.FloatNode("/head/Gemm", "Gemm", "excluded by /head/.*")), List.of("a warning"),
                    List.of(new LayerError("/conv1/Conv", "Conv", "/conv1/Relu_output_0", 31.5, 0.027)),
                    Optional.of(new TrainingSummary(2, 512, 0.31, 0.89, 4_200)),
                    Optional.of(new PruningSummary("channel", 447_642, 112_274, 447_642, 112_274, 1_662_225, 418_496,
                            List.of(new PruningSummary.Layer("/conv1/Conv", "Conv", "channels", 48, 24)),
                            "channel pruning removed filters and neurons, so the variant runs faster")));

            List<StoredVariant> stored = store.variants().add(List.of(new NewVariant(summary, file, provenance, report)));

            variantSha = summary.sha256();
            assertThat(stored).singleElement().satisfies(v -> {
                assertThat(v.provenance()).isEqualTo(provenance);
                assertThat(v.report()).isEqualTo(report);
                assertThat(v.model().parentSha256()).contains(parent.sha256());
                assertThat(v.model().name()).isEqualTo("cnn.int8-static.onnx");
            });
        }
        try (ExperimentStore again = ExperimentStore.open(db)) {
            StoredVariant read = again.variants().variant(variantSha).orElseThrow();
            assertThat(read.provenance()).isEqualTo(provenance);
            assertThat(read.provenance().parameters().get("calibration")).isEqualTo(
                    RecipeWriter.parameters(new RecipeParser().parse("r", RECIPE).steps().get(0)).get("calibration"));
            assertThat(again.variants().children(provenance.parentSha256())).extracting(v -> v.model().sha256())
                    .containsExactly(variantSha);
            assertThat(again.variants().variant(provenance.parentSha256())).isEmpty();
        }
    }

    @Test
    void aReportStoredBeforeLayerErrorsWereMeasuredReadsWithNone() throws Exception {
        String older = "{\"quantizedNodes\":[\"/conv1/Conv\"],\"floatNodes\":[],\"warnings\":[]}";

        VariantReport read = JsonColumns.read(older, VariantReport.class);

        assertThat(read.quantizedNodes()).containsExactly("/conv1/Conv");
        assertThat(read.layerErrors()).isEmpty();
        assertThat(read.training()).isEmpty();
    }

    @Test
    void provenanceStoredBeforeLatheTrainedReadsWithNoTrainingSet() throws Exception {
        String older = JsonColumns.write(provenance("p".repeat(64))).replaceAll(",\"trainingDatasetSha256\":\"t+\"", "");

        Provenance read = JsonColumns.read(older, Provenance.class);

        assertThat(older).doesNotContain("trainingDatasetSha256");
        assertThat(read.trainingDatasetSha256()).isEmpty();
        assertThat(read.calibrationDatasetSha256()).hasValue("c".repeat(64));
    }

    @Test
    void aStoreFromTheFirstSchemaIsBroughtForwardWithItsModelsKept() throws Exception {
        Path db = tmp.resolve("old.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            for (String sql : Migrations.STEPS.get(0).split(";")) {
                if (!sql.isBlank()) {
                    s.execute(sql);
                }
            }
            s.execute("PRAGMA user_version = 1");
        }
        try (ExperimentStore store = ExperimentStore.open(db)) {
            store.addModel(summary(Samples.cnn(), "cnn.onnx"), Samples.cnn(), Optional.empty());
            assertThat(store.variants().children(Hashing.sha256(Samples.cnn()))).isEmpty();
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(Migrations.latest()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void whatAStepRanWithSurvivesTheRoundTripWithItsChangesAppliedToTheParameters() throws Exception {
        Provenance asked = provenance("p".repeat(64));
        Provenance ran = asked.withRan(new StepRun(Map.of(), Map.of("opset", Map.of("before", 11, "after", 11),
                "calibration_draw", Map.of("examples", 300, "seed", 7)), List.of(
                new StepRun.Change("per_channel_off", "per_channel", true, false, "opset 11 has no per-channel DQ"),
                new StepRun.Change("calibration_samples", "calibration.samples", 64, 40, "the set holds 40"),
                StepRun.Change.ofModel("batchnorm_folded", "1 BatchNormalization", "folded", "int8 path")),
                Map.of("pytorch", "2.7.1", "djl", "0.36.0")));

        Provenance read = JsonColumns.read(JsonColumns.write(ran), Provenance.class);

        assertThat(read).isEqualTo(ran);
        assertThat(read.ran().parameters()).containsEntry("per_channel", false).containsEntry("mode", "static");
        assertThat(read.ran().parameters().get("calibration")).isEqualTo(Map.of("method", "entropy",
                "percentile", 99.99, "samples", 40));
        assertThat(read.parameters()).containsEntry("per_channel", true);
        assertThat(read.ran().changes()).extracting(StepRun.Change::parameter)
                .containsExactly("per_channel", "calibration.samples", "");
    }

    @Test
    void provenanceStoredBeforeLatheRecordedWhatRanReadsWithNothingRecorded() throws Exception {
        String now = JsonColumns.write(provenance("p".repeat(64)));
        String ran = ",\"ran\":{\"parameters\":{},\"resolved\":{},\"changes\":[],\"runtime\":{}}";
        String older = now.replace(ran, "").replace(",\"variantSha256\":null", "");
        String partial = now.replace(ran, ",\"ran\":{\"changes\":[]}");

        Provenance read = JsonColumns.read(older, Provenance.class);
        Provenance half = JsonColumns.read(partial, Provenance.class);

        assertThat(now).contains(ran).contains("\"variantSha256\":null");
        assertThat(older).doesNotContain("\"ran\"").doesNotContain("variantSha256");
        assertThat(partial).contains("\"ran\":{\"changes\":[]}").doesNotContain("\"resolved\"");
        assertThat(read.ran()).isEqualTo(StepRun.NONE);
        assertThat(read.ran().nothingRecorded()).isTrue();
        assertThat(read.variantSha256()).isEmpty();
        assertThat(half.ran().parameters()).isEmpty();
        assertThat(half.ran().resolved()).isEmpty();
        assertThat(half.ran().runtime()).isEmpty();
        assertThat(read.parameters()).containsEntry("mode", "static");
    }

    static final String RECIPE = """
            lathe: 1
            name: int8-static
            steps:
              - quantize: { mode: static, exclude: ["/head/.*"], calibration: { method: entropy, samples: 64 } }
            """;

    static Provenance provenance(String parentSha) throws Exception {
        var step = new RecipeParser().parse("r", RECIPE).steps().get(0);
        return new Provenance(parentSha, "int8-static", 0, step.kind(), RecipeWriter.parameters(step), 7,
                Optional.of("c".repeat(64)), Optional.empty(), Optional.of("t".repeat(64)), Provenance.latheVersionNow(), "1.23.2",
                Provenance.jvmNow(), Provenance.osNow(), Provenance.archNow(), 1_700_000_000_000L);
    }

    static ModelSummary summary(Path file, String name) throws Exception {
        return new OnnxInspector().summarize(OnnxModel.read(file), name, Hashing.sha256(file), Files.size(file));
    }
}
