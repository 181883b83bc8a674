package dev.lathe.engine.variant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.data.DatasetException;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.engine.store.TrainingSummary;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finetune steps end to end: the sample CNN trained on PyTorch, written back as ONNX, run in ONNX Runtime, stored. */
class FinetunedVariantsTest {
    /** 512 images, one epoch: eight Adam steps, a few seconds on one core. */
    private static final String SMALL = "epochs: 1, batch: 64, examples: 512, seed: 7";

    @TempDir
    Path tmp;

    @Test
    void aFinetuneStepStoresAVariantThatRunsDifferentlyWithItsTrainingProvenance() throws Exception {
        Workbench workbench = workbench();
        ModelRecord cnn = workbench.open(Samples.cnn());

        StoredVariant v = workbench.optimize(cnn, request(SMALL), Progress.NONE).get(0);

        assertThat(v.model().parentSha256()).contains(cnn.sha256());
        assertThat(v.model().name()).isEqualTo("cnn.ft.onnx");
        assertThat(Hashing.sha256(v.model().path())).isEqualTo(v.model().sha256()).isNotEqualTo(cnn.sha256());
        assertThat(v.provenance().step()).isEqualTo("finetune");
        assertThat(v.provenance().seed()).isEqualTo(7);
        assertThat(v.provenance().parameters()).containsEntry("epochs", 1).containsEntry("examples", 512)
                .containsEntry("optimizer", "adam").containsEntry("lr", 0.001);
        assertThat(v.provenance().trainingDatasetSha256()).hasValue(Datasets.open(Samples.testImages()).sha256());
        assertThat(v.provenance().calibrationDatasetSha256()).isEmpty();
        TrainingSummary t = v.report().training().orElseThrow();
        assertThat(t.epochs()).isEqualTo(1);
        assertThat(t.examples()).isEqualTo(512);
        assertThat(t.finalLoss()).isPositive().isFinite();
        assertThat(t.finalAccuracy()).isBetween(0.5, 1.0);
        assertThat(t.millis()).isPositive();
        FidelityReport f = workbench.fidelity(cnn, v.model(), Optional.of(Samples.testImages()), 64, Progress.NONE);
        assertThat(f.maxAbsError()).as("ONNX Runtime output of the trained variant against its parent").isGreaterThan(1e-4);
        assertThat(f.top1Agreement()).isGreaterThan(0.8);
        assertThat(workbench.variants(cnn)).extracting(s -> s.model().sha256()).containsExactly(v.model().sha256());
    }

    @Test
    void theSameSeedMakesTheSameVariantAgain() throws Exception {
        Workbench workbench = workbench();
        ModelRecord cnn = workbench.open(Samples.cnn());

        String first = workbench.optimize(cnn, request(SMALL), Progress.NONE).get(0).model().sha256();
        String second = workbench.optimize(cnn, request(SMALL), Progress.NONE).get(0).model().sha256();

        assertThat(second).isEqualTo(first);
        assertThat(workbench.variants(cnn)).hasSize(1);
    }

    @Test
    void aTrainingSetWhoseLabelsAreNotTheModelsClassesIsRefusedAndNothingIsKept() throws Exception {
        Workbench workbench = workbench();
        ModelRecord cnn = workbench.open(Samples.cnn());
        Path twelveClasses = idx(tmp.resolve("twelve-images-idx3-ubyte"), 24);

        assertThatThrownBy(() -> workbench.optimize(cnn, request(SMALL).withTraining(twelveClasses), Progress.NONE))
                .isInstanceOf(DatasetException.class)
                .hasMessage("twelve-images-idx3-ubyte: labels run 0–11 but cnn.onnx has 10 outputs; give a training set "
                        + "with the model's classes");
        assertNothingKept(workbench, cnn);
    }

    @Test
    void cancellingMidTrainingKeepsNothing() throws Exception {
        Workbench workbench = workbench();
        ModelRecord cnn = workbench.open(Samples.cnn());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                workbench.optimize(cnn, request(SMALL), (done, total, message) -> {
                    if (message.startsWith("Epoch") && done >= 128) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        worker.start();
        worker.join();

        assertThat(failure.get()).isInstanceOf(CancelledException.class);
        assertNothingKept(workbench, cnn);
    }

    private Workbench workbench() throws Exception {
        return VariantSamples.workbench(tmp.resolve("lathe.db"), new QuantizeSteps(Samples.runtimes()));
    }

    private static OptimizeRequest request(String finetune) throws RecipeException {
        Recipe r = new RecipeParser().parse("ft.yaml", "lathe: 1\nname: ft\nsteps:\n  - finetune: { " + finetune + " }\n");
        return OptimizeRequest.of(r).withTraining(Samples.testImages());
    }

    private void assertNothingKept(Workbench workbench, ModelRecord cnn) throws Exception {
        assertThat(workbench.variants(cnn)).isEmpty();
        assertThat(workbench.models()).extracting(ModelRecord::sha256).containsExactly(cnn.sha256());
        Path variants = tmp.resolve("variants");
        assertThat(!Files.exists(variants) || Files.list(variants).findAny().isEmpty()).isTrue();
    }

    /** An IDX image file of {@code n} blank 28×28 images, with a labels file beside it counting 0 to 11 round. */
    private static Path idx(Path images, int n) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x803);
        out.writeInt(n);
        out.writeInt(28);
        out.writeInt(28);
        out.write(new byte[n * 28 * 28]);
        Files.write(images, bytes.toByteArray());
        bytes.reset();
        out.writeInt(0x801);
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeByte(i % 12);
        }
        Files.write(images.resolveSibling(images.getFileName().toString().replace("images-idx3", "labels-idx1")),
                bytes.toByteArray());
        return images;
    }
}
