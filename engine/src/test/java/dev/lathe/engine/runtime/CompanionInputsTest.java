package dev.lathe.engine.runtime;

import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intAttr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.Samples;
import dev.lathe.engine.model.Dim;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models with several inputs (BERT-style token ids, mask and segment ids; recurrent states) run with one given. */
class CompanionInputsTest {
    @TempDir
    Path tmp;

    @Test
    void aMaskFollowsTheTokenIdsShapeAndAttendsToEveryToken() {
        TensorInfo ids = new TensorInfo("input_ids", ElementType.INT64, List.of(Dim.symbolic("batch"),
                Dim.symbolic("sequence")));
        TensorInfo mask = new TensorInfo("attention_mask", ElementType.INT64, ids.shape());

        FloatTensor values = CompanionInputs.neutral(ids, new long[] {2, 16}, mask);

        assertThat(values.shape()).containsExactly(2, 16);
        assertThat(values.data()).containsOnly(1f);
    }

    @Test
    void segmentIdsAreZeroAndAStateOfUnknownSizeIsOneWide() {
        TensorInfo audio = new TensorInfo("input", ElementType.FLOAT, List.of(Dim.UNKNOWN, Dim.UNKNOWN));
        TensorInfo state = new TensorInfo("state", ElementType.FLOAT, List.of(Dim.fixed(2), Dim.UNKNOWN,
                Dim.fixed(128)));
        TensorInfo segments = new TensorInfo("token_type_ids", ElementType.INT64, List.of(Dim.symbolic("batch"),
                Dim.symbolic("batch")));

        assertThat(CompanionInputs.neutral(audio, new long[] {1, 512}, state).shape()).containsExactly(2, 1, 128);
        FloatTensor zeros = CompanionInputs.neutral(segments, new long[] {1, 16}, segments);
        assertThat(zeros.shape()).containsExactly(1, 16);
        assertThat(zeros.data()).containsOnly(0f);
    }

    @Test
    void aSessionRunsAModelWithTokenIdsAndAMaskGivenOnlyTheIds() throws Exception {
        // output = embedding[ids] * mask: with the mask all ones it is the embedding rows themselves.
        Path file = tmp.resolve("two-inputs.onnx");
        new OnnxGraphBuilder("two-inputs")
                .input("input_ids", ElementType.INT64, List.of("batch", "sequence"))
                .input("attention_mask", ElementType.INT64, List.of("batch", "sequence"))
                .output("embedded", ElementType.FLOAT, List.of("batch", "sequence", 2))
                .initializer("table", new float[] {0, 0, 1, 2, 3, 4, 5, 6}, 4, 2)
                .initializer("axes", new long[] {2}, 1)
                .node("Gather", List.of("table", "input_ids"), List.of("rows"), "/embed", intAttr("axis", 0))
                .node("Cast", List.of("attention_mask"), List.of("maskf"), "/cast", intAttr("to", 1))
                .node("Unsqueeze", List.of("maskf", "axes"), List.of("mask3"), "/unsqueeze")
                .node("Mul", List.of("rows", "mask3"), List.of("embedded"), "/mul")
                .write(file);

        try (InferenceSession session = Samples.runtimes().open(file, ModelFormat.ONNX, Optional.empty(),
                SessionOptions.DEFAULT)) {
            FloatTensor out = session.run(new FloatTensor(new float[] {1, 3}, new long[] {1, 2}));

            assertThat(out.shape()).containsExactly(1, 2, 2);
            assertThat(out.data()).containsExactly(1, 2, 5, 6);
        }
    }
}
