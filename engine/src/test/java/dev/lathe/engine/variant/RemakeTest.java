package dev.lathe.engine.variant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.export.VariantExporter;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.provenance.Provenance;
import dev.lathe.engine.provenance.ProvenanceDiff;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.engine.task.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A variant made again from its provenance, and two provenances compared. */
class RemakeTest {
    private static final QuantizeStepRunner QUANTIZER = new QuantizeSteps(Samples.runtimes());

    @TempDir
    Path tmp;

    @Test
    void aStaticInt8VariantIsMadeAgainByteForByteInAnotherStoreFromItsProvenanceFile() throws Exception {
        Workbench first = VariantSamples.workbench(tmp.resolve("a/lathe.db"), QUANTIZER);
        StoredVariant v = staticInt8(first, 99.99);
        Path file = Files.writeString(tmp.resolve("cnn.p.provenance.json"),
                VariantExporter.provenanceJson(v.provenance()));

        Workbench second = VariantSamples.workbench(tmp.resolve("b/lathe.db"), QUANTIZER);
        Provenance recorded = second.provenance(file);
        Remaker.Remade r = second.remake(recorded, second.open(Samples.cnn()), Optional.of(Samples.testImages()),
                Optional.empty(), Progress.NONE);

        assertThat(recorded.variantSha256()).hasValue(v.model().sha256());
        assertThat(r.identical()).isTrue();
        assertThat(r.variant().model().sha256()).isEqualTo(v.model().sha256());
        assertThat(Hashing.sha256(r.variant().model().path())).isEqualTo(v.model().sha256());
        assertThat(r.variant().model().path()).startsWith(tmp.resolve("b").toAbsolutePath());
        assertThat(r.fidelity()).isEmpty();
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void aRemakeThatDiffersSaysSoWithTheRecordedSizeAndTheFidelityToIt() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), QUANTIZER);
        StoredVariant coarse = staticInt8(workbench, 99.9);
        StoredVariant fine = staticInt8(workbench, 99.99);
        Provenance misnamed = fine.provenance().withVariant(coarse.model().sha256());

        Remaker.Remade r = workbench.remake(misnamed, workbench.open(Samples.cnn()), Optional.of(Samples.testImages()),
                Optional.empty(), Progress.NONE);

        assertThat(r.identical()).isFalse();
        assertThat(r.variant().model().sha256()).isEqualTo(fine.model().sha256());
        assertThat(r.recordedSha256()).hasValue(coarse.model().sha256());
        assertThat(r.recordedBytes()).hasValue(coarse.model().fileBytes());
        assertThat(r.fidelity()).hasValueSatisfying(f -> {
            assertThat(f.samples()).isEqualTo(Remaker.FIDELITY_SAMPLES);
            assertThat(f.cosine()).isBetween(0.9, 1.0).isLessThan(1.0);
        });
    }

    @Test
    void aRemakeOnACalibrationSetWithAnotherHashIsRefusedBeforeAnyWork() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), QUANTIZER);
        StoredVariant v = staticInt8(workbench, 99.99);
        Path other = Files.writeString(tmp.resolve("other.csv"), "a,label\n1,0\n2,1\n");
        ModelRecord cnn = workbench.open(Samples.cnn());

        assertThatThrownBy(() -> workbench.remake(v.provenance(), cnn, Optional.of(other), Optional.empty(),
                Progress.NONE)).isInstanceOf(RecipeException.class)
                .hasMessageStartingWith("--calib " + other + " has SHA-256 ")
                .hasMessageContaining(v.provenance().calibrationDatasetSha256().orElseThrow().substring(0, 12))
                .hasMessageEndingWith("the variant was calibrated on; give that dataset");
        assertThatThrownBy(() -> workbench.remake(v.provenance(), cnn, Optional.empty(), Optional.empty(),
                Progress.NONE)).hasMessageEndingWith("give it with --calib DATASET");
        assertThat(workbench.variants(cnn)).hasSize(1);
    }

    @Test
    void twoVariantsThatDifferInTheirPercentileDifferThereAndInTheFileTheyMade() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), QUANTIZER);
        StoredVariant coarse = staticInt8(workbench, 99.9);
        StoredVariant fine = staticInt8(workbench, 99.99);

        ProvenanceDiff.Result diff = ProvenanceDiff.between(workbench.provenance(fine.model().path()),
                workbench.provenance(coarse.model().path()));

        assertThat(diff.differences()).extracting(ProvenanceDiff.Difference::path).containsExactly(
                "parameters.calibration.percentile", "ran.parameters.calibration.percentile", "variantSha256");
        assertThat(diff.differences().get(0)).isEqualTo(new ProvenanceDiff.Difference(
                "parameters.calibration.percentile", "99.99", "99.9"));
        assertThat(diff.createdA()).isNotEqualTo(0);
        assertThat(ProvenanceDiff.between(fine.provenance(), fine.provenance().withRan(fine.provenance().ran()))
                .identical()).isTrue();
    }

    private static StoredVariant staticInt8(Workbench workbench, double percentile) throws Exception {
        Recipe r = new RecipeParser().parse("p.yaml", "lathe: 1\nname: p\nseed: 3\nsteps:\n  - quantize: { mode: "
                + "static, calibration: { method: percentile, percentile: " + percentile + ", samples: 64 } }\n");
        return workbench.optimize(workbench.open(Samples.cnn()), OptimizeRequest.of(r)
                .withCalibration(Samples.testImages()), Progress.NONE).get(0);
    }
}
