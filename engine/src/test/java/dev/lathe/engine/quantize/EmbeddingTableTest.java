package dev.lathe.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedding tables read by Gather are stored in int8 with a scale per row, and only the rows a call looks up are
 * turned back into float: a token encoder with a 2 000-word vocabulary (a 256 KB table), the shape of a BERT's front.
 */
class EmbeddingTableTest {
    private static final int VOCABULARY = 2000;

    @TempDir
    Path tmp;

    @Test
    void theTableIsStoredInInt8WithAFloat16ScalePerRowAndLooksUpRowsAsTheFloatTableDoes() throws Exception {
        OnnxModel model = MatMulModels.tokenEncoder(3, VOCABULARY);
        // Only the table is quantized here, so the output's error is the lookup's alone.
        QuantizedModel q = quantize(model, QuantizeSpec.Mode.DYNAMIC, List.of("/proj/MatMul"));
        FloatTensor tokens = tokens(8, 16);

        List<TensorProto> initializers = q.model().proto().getGraph().getInitializerList();
        assertThat(q.quantizedNodes()).containsExactly("/embeddings/Gather");
        assertThat(initializers).extracting(TensorProto::getName).doesNotContain("embeddings");
        assertThat(initializers).filteredOn(t -> t.getName().equals("embeddings_quantized")).singleElement()
                .satisfies(t -> assertThat(t.getDataType()).isEqualTo(TensorProto.DataType.INT8_VALUE))
                .satisfies(t -> assertThat(t.getDimsList()).containsExactly((long) VOCABULARY, 32L));
        assertThat(initializers).filteredOn(t -> t.getName().equals("embeddings_row_scale")).singleElement()
                .satisfies(t -> assertThat(t.getDataType()).isEqualTo(TensorProto.DataType.FLOAT16_VALUE))
                .satisfies(t -> assertThat(t.getDimsList()).containsExactly((long) VOCABULARY, 1L));
        assertThat(Fidelity.cosine(Fidelity.run(model, tmp.resolve("float.onnx"), tokens),
                Fidelity.run(q.model(), tmp.resolve("int8.onnx"), tokens))).isGreaterThanOrEqualTo(0.9999);
    }

    @Test
    void withTheMatMulsQuantizedTooTheModelIsAboutFourTimesSmallerAndNoIntegerKernelReadsTheTable()
            throws Exception {
        OnnxModel model = MatMulModels.tokenEncoder(3, VOCABULARY);
        QuantizedModel q = quantize(model, QuantizeSpec.Mode.DYNAMIC, List.of());
        FloatTensor tokens = tokens(8, 16);
        Path floatFile = tmp.resolve("float.onnx");
        Path int8File = tmp.resolve("int8.onnx");

        double cosine = Fidelity.cosine(Fidelity.run(model, floatFile, tokens), Fidelity.run(q.model(), int8File,
                tokens));

        assertThat(q.quantizedNodes()).containsExactly("/embeddings/Gather", "/proj/MatMul");
        assertThat((double) Files.size(floatFile) / Files.size(int8File)).isGreaterThan(3.5);
        assertThat(cosine).isGreaterThanOrEqualTo(0.99);
        // The table is not multiplied by an integer kernel, so the AVX2 pair rule does not apply to it.
        assertThat(SaturationCheck.of(q.model().proto()).checked()).isEqualTo(1);
    }

    @Test
    void onnxRuntimeNeverTurnsTheWholeTableBackIntoFloat() throws Exception {
        QuantizedModel q = quantize(MatMulModels.tokenEncoder(3, VOCABULARY), QuantizeSpec.Mode.DYNAMIC, List.of());
        Path file = tmp.resolve("int8.onnx");
        Path loaded = tmp.resolve("int8-as-loaded.onnx");
        q.model().write(file);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setOptimizedModelFilePath(loaded.toString());
            OrtEnvironment.getEnvironment().createSession(file.toString(), options).close();
        }
        ModelProto optimized = OnnxModel.read(loaded).proto();

        // Folded at load, a dequantized table would be a float initializer; run per call, a node would read it whole.
        assertThat(optimized.getGraph().getInitializerList())
                .noneMatch(t -> t.getDataType() == TensorProto.DataType.FLOAT_VALUE && t.getDims(0) == VOCABULARY
                        && t.getDimsCount() == 2 && t.getDims(1) == 32);
        assertThat(optimized.getGraph().getNodeList())
                .filteredOn(n -> n.getInputList().contains("embeddings_quantized")
                        || n.getInputList().contains("embeddings_row_scale"))
                .extracting(NodeProto::getOpType).containsExactly("Gather", "Gather");
    }

    @Test
    void weightOnlyAndStaticStoreTheTableInInt8Too() throws Exception {
        OnnxModel model = MatMulModels.tokenEncoder(3, VOCABULARY);
        CalibrationData calibration = new CalibrationData(List.of(tokens(8, 16)), "tokens");
        QuantizeSpec staticSpec = new QuantizeSpec(QuantizeSpec.Mode.STATIC, true, false,
                QuantizeSpec.ReduceRange.AUTO, QuantizeSpec.Calibration.DEFAULT, List.of(), Optional.empty());

        QuantizedModel weightOnly = quantize(model, QuantizeSpec.Mode.WEIGHT_ONLY, List.of());
        QuantizedModel calibrated = new Quantizer(Samples.runtimes()).quantize(model, staticSpec,
                Optional.of(calibration), Progress.NONE);

        for (QuantizedModel q : List.of(weightOnly, calibrated)) {
            assertThat(q.quantizedNodes()).contains("/embeddings/Gather", "/proj/MatMul");
            assertThat(Fidelity.cosine(Fidelity.run(model, tmp.resolve("float.onnx"), calibration.batches().get(0)),
                    Fidelity.run(q.model(), tmp.resolve("int8.onnx"), calibration.batches().get(0))))
                    .isGreaterThanOrEqualTo(0.99);
        }
    }

    @Test
    void aSmallTableStaysFloatAndSaysWhy() throws Exception {
        QuantizedModel q = quantize(MatMulModels.tokenEncoder(3, 50), QuantizeSpec.Mode.DYNAMIC, List.of());

        assertThat(q.floatNodes()).filteredOn(n -> n.name().equals("/embeddings/Gather")).singleElement()
                .satisfies(n -> assertThat(n.reason()).contains("under 64 KiB"));
    }

    private static QuantizedModel quantize(OnnxModel model, QuantizeSpec.Mode mode, List<String> exclude)
            throws Exception {
        QuantizeSpec spec = new QuantizeSpec(mode, true, false, QuantizeSpec.ReduceRange.AUTO,
                QuantizeSpec.Calibration.DEFAULT, exclude, Optional.empty());
        return new Quantizer(Samples.runtimes()).quantize(model, spec, Optional.empty(), Progress.NONE);
    }

    /** Token ids in [0, VOCABULARY), as floats: the runtime feeds them to the int64 input. */
    private static FloatTensor tokens(int rows, int length) {
        Random random = new Random(2);
        float[] ids = new float[rows * length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(VOCABULARY);
        }
        return new FloatTensor(ids, new long[] {rows, length});
    }
}
