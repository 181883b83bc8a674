package dev.lathe.engine.variant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.PruningSummary;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.engine.device.EvalRequest;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recipes on a TorchScript model: trained and pruned in place, stored as .pt variants with their provenance. */
class TorchScriptVariantsTest {
    private static final long[] SHAPE = {1, 1, 28, 28};
    private static final String FINETUNE = "steps:\n  - finetune: { epochs: 1, batch: 64, examples: 512, lr: 0.005,"
            + " seed: 7 }\n";

    @TempDir
    Path tmp;

    @Test
    void aFinetuneStepStoresATorchScriptVariantThatEvaluatesBetterThanItsUntrainedParent() throws Exception {
        Workbench workbench = VariantSamples.withTorchScript(tmp.resolve("lathe.db"));
        ModelRecord parent = open(workbench);
        Path heldOut = lastTestImages(tmp.resolve("held-images-idx3-ubyte"), 1000);
        OptimizeRequest request = request("ft", FINETUNE).withEvaluation(heldOut);

        StoredVariant v = workbench.optimize(parent, request, Progress.NONE).get(0);

        assertThat(v.model().name()).isEqualTo("fashion_cnn.ft.pt");
        assertThat(v.model().format()).isEqualTo(ModelFormat.TORCHSCRIPT);
        assertThat(v.model().path().getFileName().toString()).isEqualTo(v.model().sha256() + ".pt");
        assertThat(Hashing.sha256(v.model().path())).isEqualTo(v.model().sha256()).isNotEqualTo(parent.sha256());
        assertThat(v.model().inputShape()).hasValueSatisfying(s -> assertThat(s).containsExactly(SHAPE));
        assertThat(v.model().parentSha256()).contains(parent.sha256());
        assertThat(v.model().parameters()).isEqualTo(parent.parameters());
        assertThat(v.provenance().step()).isEqualTo("finetune");
        assertThat(v.provenance().seed()).isEqualTo(7);
        assertThat(v.provenance().trainingDatasetSha256()).hasValue(Datasets.open(Samples.trainImages()).sha256());
        assertThat(v.report().training()).hasValueSatisfying(t -> assertThat(t.examples()).isEqualTo(512));
        double parentTop1 = workbench.evaluate(parent, EvalRequest.of(heldOut),
                Progress.NONE).result().top1();
        assertThat(v.evaluation()).hasValueSatisfying(e -> assertThat(e.result().top1())
                .isGreaterThan(parentTop1 + 0.1));
        assertThat(workbench.variants(parent)).extracting(s -> s.model().sha256())
                .containsExactly(v.model().sha256());
    }

    @Test
    void theSameSeedWritesTheSameFileAgain() throws Exception {
        Workbench workbench = VariantSamples.withTorchScript(tmp.resolve("lathe.db"));
        ModelRecord parent = open(workbench);

        String first = workbench.optimize(parent, request("ft", FINETUNE), Progress.NONE).get(0).model().sha256();
        String second = workbench.optimize(parent, request("ft", FINETUNE), Progress.NONE).get(0).model().sha256();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void anUnstructuredPruneStepStoresAPrunedTorchScriptVariant() throws Exception {
        Workbench workbench = VariantSamples.withTorchScript(tmp.resolve("lathe.db"));
        ModelRecord parent = open(workbench);

        StoredVariant v = workbench.optimize(parent, request("sparse", "steps:\n  - prune: { method: magnitude,"
                + " structure: unstructured, sparsity: 0.5, scope: per_layer, examples: 256,"
                + " schedule: { kind: gradual, start: 0.2, steps: 2 } }\n"), Progress.NONE).get(0);

        assertThat(v.model().name()).isEqualTo("fashion_cnn.sparse.pt");
        assertThat(v.model().format()).isEqualTo(ModelFormat.TORCHSCRIPT);
        PruningSummary p = v.report().pruning().orElseThrow();
        assertThat(p.structure()).isEqualTo("unstructured");
        assertThat(p.layers()).extracting(PruningSummary.Layer::node)
                .containsExactly("features.0", "features.4", "classifier.1", "classifier.3");
        assertThat(p.layers()).allSatisfy(l -> assertThat(l.sparsity()).isCloseTo(0.5, within(0.01)));
        assertThat(v.report().training()).hasValueSatisfying(t -> assertThat(t.epochs()).isEqualTo(2));
        assertThat(p.gzipAfter()).isLessThan(p.gzipBefore());
    }

    @Test
    void stepsThatNeedAnOnnxGraphAreRefusedBeforeAnyWork() throws Exception {
        Workbench workbench = VariantSamples.withTorchScript(tmp.resolve("lathe.db"));
        ModelRecord parent = open(workbench);

        assertThatThrownBy(() -> workbench.optimize(parent, request("q", "steps:\n  - quantize: { mode: dynamic }\n"),
                Progress.NONE)).isInstanceOf(RecipeException.class).hasMessage("recipe q, step 1 (quantize):"
                + " fashion_cnn.pt is TorchScript: quantize steps rewrite an ONNX graph, and Lathe quantizes and"
                + " converts ONNX models only. Export it to ONNX (torch.onnx.export) and run the recipe on the .onnx"
                + " file.");
        assertThatThrownBy(() -> workbench.optimize(parent, request("ch", "steps:\n  - prune: { method: magnitude,"
                + " structure: channel, sparsity: 0.5 }\n"), Progress.NONE)).isInstanceOf(RecipeException.class)
                .hasMessageStartingWith("recipe ch, step 1 (prune): fashion_cnn.pt is TorchScript: channel pruning"
                        + " removes filters by rewriting the model's graph")
                .hasMessageContaining("Use structure: unstructured");
        assertNothingKept(workbench, parent);
    }

    @Test
    void aBf16ConvertRewritesTheArchiveInBfloat16AndKeepsItsOutputs() throws Exception {
        Workbench workbench = VariantSamples.withTorchScript(tmp.resolve("lathe.db"));
        ModelRecord parent = open(workbench);

        StoredVariant v = workbench.optimize(parent, request("half", "steps:\n  - convert: { precision: bf16 }\n"),
                Progress.NONE).get(0);

        assertThat(v.model().name()).isEqualTo("fashion_cnn.half.pt");
        assertThat(v.model().format()).isEqualTo(ModelFormat.TORCHSCRIPT);
        assertThat(v.model().fileBytes()).isLessThan(parent.fileBytes());
        assertThat(v.provenance().parameters()).containsEntry("precision", "bf16");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(v.model().path().toFile())) {
            String code = new String(zip.getInputStream(zip.getEntry("fashion_cnn/code/__torch__.py"))
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(code).contains("    image = torch.to(image, 15, False, False, None)\n")
                    .contains("    return torch.to(_0, 6, False, False, None)");
            assertThat(zip.getEntry("fashion_cnn/data/7").getSize()).as("a conv weight, halved").isEqualTo(2304);
            assertThat(zip.getEntry("fashion_cnn/data/6").getSize()).as("num_batches_tracked stays int64")
                    .isEqualTo(8);
        }
        // bfloat16 keeps 8 significant bits (fp16 keeps 11): 0.997 measured on this untrained fixture.
        assertThat(workbench.fidelity(parent, v.model(), java.util.Optional.of(Samples.testImages()), 200,
                Progress.NONE).cosine()).isGreaterThan(0.99);
        assertThatThrownBy(() -> workbench.optimize(parent, request("h", "steps:\n  - convert: { precision: fp16 }\n"),
                Progress.NONE)).isInstanceOf(RecipeException.class).hasMessageContaining("convert steps rewrite an "
                + "ONNX graph");
    }

    @Test
    void cancellingMidTrainingKeepsNothing() throws Exception {
        Workbench workbench = VariantSamples.withTorchScript(tmp.resolve("lathe.db"));
        ModelRecord parent = open(workbench);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                workbench.optimize(parent, request("ft", FINETUNE), (done, total, message) -> {
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
        assertNothingKept(workbench, parent);
    }

    /**
     * The last {@code n} Fashion-MNIST test images and their labels as plain IDX files: never among the 512 trained
     * on, even where the training split is the test split, and few enough to evaluate in a second or two.
     */
    private static Path lastTestImages(Path images, int n) throws Exception {
        byte[] allImages = gunzip(Samples.testImages());
        byte[] allLabels = gunzip(Samples.testLabels());
        int total = ByteBuffer.wrap(allImages, 4, 4).getInt();
        ByteBuffer imageOut = ByteBuffer.allocate(16 + n * 784).putInt(0x803).putInt(n).putInt(28).putInt(28);
        imageOut.put(allImages, 16 + (total - n) * 784, n * 784);
        ByteBuffer labelOut = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        labelOut.put(allLabels, 8 + total - n, n);
        Files.write(images, imageOut.array());
        Files.write(images.resolveSibling(images.getFileName().toString().replace("images-idx3", "labels-idx1")),
                labelOut.array());
        return images;
    }

    private static byte[] gunzip(Path file) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static ModelRecord open(Workbench workbench) throws Exception {
        return workbench.rememberInputShape(workbench.open(fixture()), SHAPE);
    }

    private static OptimizeRequest request(String name, String steps) throws RecipeException {
        return OptimizeRequest.of(new RecipeParser().parse(name + ".yaml", "lathe: 1\nname: " + name + "\n" + steps))
                .withTraining(Samples.trainImages());
    }

    private void assertNothingKept(Workbench workbench, ModelRecord parent) throws Exception {
        assertThat(workbench.variants(parent)).isEmpty();
        assertThat(workbench.models()).extracting(ModelRecord::sha256).containsExactly(parent.sha256());
        Path variants = tmp.resolve("variants");
        assertThat(!Files.exists(variants) || Files.list(variants).findAny().isEmpty()).isTrue();
    }

    private static Path fixture() throws URISyntaxException {
        return Path.of(TorchScriptVariantsTest.class.getResource("/torchscript/fashion_cnn.pt").toURI());
    }
}
