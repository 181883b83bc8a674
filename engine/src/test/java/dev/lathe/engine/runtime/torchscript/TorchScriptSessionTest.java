package dev.lathe.engine.runtime.torchscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lathe.engine.model.Dim;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchScriptSessionTest {
    private static final TorchScriptFixture FIXTURE = TorchScriptFixture.load();
    private static final float TOLERANCE = 1e-4f;

    @Test
    void agreesWithPyTorchOnTheRecipeInput() throws Exception {
        try (InferenceSession session = open(Optional.of(FIXTURE.inputShape()))) {
            FloatTensor output = session.run(new FloatTensor(TorchScriptFixture.recipeInput(1), FIXTURE.inputShape()));

            assertThat(output.shape()).containsExactly(1, 10);
            assertClose(output.data(), FIXTURE.logits());
        }
    }

    @Test
    void runsABatchAndScoresEachItemAlike() throws Exception {
        try (InferenceSession session = open(Optional.empty())) {
            FloatTensor output = session.run(new FloatTensor(TorchScriptFixture.recipeInput(4), new long[] {4, 1, 28, 28}));

            assertThat(output.shape()).containsExactly(4, 10);
            for (int row = 0; row < 4; row++) {
                assertClose(Arrays.copyOfRange(output.data(), row * 10, row * 10 + 10), FIXTURE.logits());
            }
        }
    }

    @Test
    void boundInputRunsRepeatedlyWithoutChangingLaterResults() throws Exception {
        FloatTensor input = new FloatTensor(TorchScriptFixture.recipeInput(1), FIXTURE.inputShape());
        try (InferenceSession session = open(Optional.of(FIXTURE.inputShape()))) {
            try (InferenceSession.BoundInput bound = session.bind(input)) {
                for (int i = 0; i < 200; i++) {
                    bound.run();
                }
            }
            assertClose(session.run(input).data(), FIXTURE.logits());
        }
    }

    @Test
    void reportsTheCallersInputShapeBecauseTorchScriptDeclaresNone() throws Exception {
        try (InferenceSession withShape = open(Optional.of(new long[] {1, 1, 28, 28}));
             InferenceSession withoutShape = open(Optional.empty())) {
            assertThat(withShape.inputs()).containsExactly(new TensorInfo("image", ElementType.FLOAT,
                    List.of(Dim.fixed(1), Dim.fixed(1), Dim.fixed(28), Dim.fixed(28))));
            assertThat(withoutShape.inputs()).containsExactly(new TensorInfo("image", ElementType.FLOAT, List.of()));
            assertThat(withShape.outputs()).extracting(TensorInfo::name).containsExactly("output");
        }
    }

    @Test
    void namesPyTorchAndDjlVersionsAsItsRuntime() throws Exception {
        try (InferenceSession session = open(Optional.empty())) {
            assertThat(session.runtime()).isEqualTo("PyTorch 2.7.1 (DJL 0.36.0)");
        }
    }

    @Test
    void wrongInputShapeFailsNamingTheModelTheShapeAndTorchsReason() throws Exception {
        try (InferenceSession session = open(Optional.empty())) {
            FloatTensor rgb = new FloatTensor(new float[3 * 32 * 32], new long[] {1, 3, 32, 32});

            assertThatThrownBy(() -> session.run(rgb))
                    .isInstanceOf(InferenceException.class)
                    .hasMessageStartingWith("fashion_cnn.pt: the model rejected input 1×3×32×32 float: Given groups=1,"
                            + " weight of size [8, 1, 3, 3], expected input[1, 3, 32, 32] to have 1 channels")
                    .hasMessageEndingWith("Give the input shape the model expects (--input-shape on the command line).")
                    .hasMessageNotContaining("Traceback");
            assertClose(session.run(new FloatTensor(TorchScriptFixture.recipeInput(1), FIXTURE.inputShape())).data(),
                    FIXTURE.logits());
        }
    }

    @Test
    void boundInputWithTheWrongShapeFailsWhenRun() throws Exception {
        try (InferenceSession session = open(Optional.empty());
             InferenceSession.BoundInput bound = session.bind(new FloatTensor(new float[784], new long[] {784}))) {
            assertThatThrownBy(bound::run)
                    .isInstanceOf(InferenceException.class)
                    .hasMessageStartingWith("fashion_cnn.pt: the model rejected input 784 float: ");
        }
    }

    @Test
    void truncatedFileFailsToOpenNamingTheFile(@TempDir Path dir) throws Exception {
        Path truncated = TorchScriptFixture.truncatedCopy(dir, 30_000);

        assertThatThrownBy(() -> new TorchScriptSession(TorchScriptFixture.PYTORCH, truncated, Optional.empty()))
                .isInstanceOf(InferenceException.class)
                .hasMessageStartingWith("truncated.pt: is damaged or truncated");
    }

    private static InferenceSession open(Optional<long[]> shape) throws InferenceException {
        return new TorchScriptSession(TorchScriptFixture.PYTORCH, TorchScriptFixture.model(), shape);
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("logit %d", i).isCloseTo(expected[i], within(TOLERANCE));
        }
    }
}
