package dev.lathe.engine.variant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.engine.task.Progress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convert: { precision: bf16 }} on an ONNX model: a TorchScript variant in bfloat16, evaluated in libtorch. */
class Bf16VariantTest {
    @TempDir
    Path tmp;

    @Test
    void theSampleCnnsBf16VariantKeepsTop1WithinHalfAPointOfFp32OnTheWholeTestSet() throws Exception {
        Workbench workbench = VariantSamples.withTorchScript(tmp.resolve("lathe.db"));
        ModelRecord cnn = workbench.open(Samples.cnn());

        StoredVariant v = workbench.optimize(cnn, OptimizeRequest.of(new RecipeParser().parse("r.yaml",
                "lathe: 1\nname: brain\nsteps:\n  - convert: { precision: bf16 }\n"))
                .withEvaluation(Samples.testImages()), Progress.NONE).get(0);

        assertThat(v.model().name()).isEqualTo("cnn.brain.pt");
        assertThat(v.model().format()).isEqualTo(ModelFormat.TORCHSCRIPT);
        assertThat(v.model().path().getFileName().toString()).isEqualTo(v.model().sha256() + ".pt");
        assertThat(Hashing.sha256(v.model().path())).isEqualTo(v.model().sha256());
        assertThat(v.model().fileBytes()).isLessThan(cnn.fileBytes() * 6 / 10);
        assertThat(v.provenance().parameters()).containsEntry("precision", "bf16");
        assertThat(v.provenance().ran().changes()).extracting(c -> c.kind()).containsExactly("format_changed");
        try (ZipFile zip = new ZipFile(v.model().path().toFile())) {
            String code = new String(zip.getInputStream(zip.getEntry("cnn_brain/code/__torch__.py")).readAllBytes(),
                    StandardCharsets.UTF_8);
            String pickle = new String(zip.getInputStream(zip.getEntry("cnn_brain/data.pkl")).readAllBytes(),
                    StandardCharsets.ISO_8859_1);
            assertThat(code).contains("input = torch.to(input, 15, False, False, None)")
                    .contains("return torch.to(logits, 6, False, False, None)");
            assertThat(pickle).contains("BFloat16Storage").doesNotContain("FloatStorage\n");
        }
        int images = v.evaluation().orElseThrow().result().samples();
        double bf16 = v.evaluation().orElseThrow().result().top1();
        double fp32 = workbench.evaluate(cnn, EvalRequest.of(Samples.testImages()), Progress.NONE).result().top1();
        assertThat(v.evaluation().orElseThrow().result().runtime()).startsWith("PyTorch");
        assertThat(images).isEqualTo(10_000);
        assertThat(Math.abs(bf16 - fp32)).as("bf16 %.4f, fp32 %.4f", bf16, fp32).isLessThanOrEqualTo(0.005);
    }

    @Test
    void aBf16ConvertThatAnotherStepFollowsIsRefusedBeforeAnyWork() throws Exception {
        Workbench workbench = VariantSamples.withTorchScript(tmp.resolve("lathe.db"));
        ModelRecord cnn = workbench.open(Samples.cnn());

        assertThatThrownBy(() -> workbench.optimize(cnn, OptimizeRequest.of(new RecipeParser().parse("r.yaml",
                "lathe: 1\nname: two\nsteps:\n  - convert: { precision: bf16 }\n  - quantize: { mode: dynamic }\n")),
                Progress.NONE)).isInstanceOf(RecipeException.class)
                .hasMessageContaining("step 1 (convert bf16): its variant is TorchScript")
                .hasMessageContaining("step 2 (quantize) needs an ONNX model");
        assertThat(workbench.variants(cnn)).isEmpty();
        assertThat(tmp.resolve("variants")).satisfiesAnyOf(d -> assertThat(d).doesNotExist(),
                d -> assertThat(d).isEmptyDirectory());
    }
}
