package dev.lathe.engine.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import dev.lathe.engine.model.LayerInfo;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.quantize.SaturationCheck;
import java.nio.file.Path;

/**
 * Whatever bytes a file named .onnx holds, reading and inspecting it either works or says why in a
 * {@link ModelFormatException}; nothing else escapes, and every count it shows is a count (never negative).
 * Inputs that once broke it are kept in {@code OnnxReaderFuzzTestInputs/} and replayed by every build; fuzz with
 * {@code JAZZER_FUZZ=1} (docs/RELIABILITY.md).
 */
class OnnxReaderFuzzTest {
    private static final Path NAME = Path.of("fuzz.onnx");

    /** Both below in one: what {@code mvn verify} fuzzes, since each fuzzed test costs a JVM and Jazzer's start. */
    @FuzzTest(maxDuration = "10s")
    void anyModelIsReadOrRefusedInOneLine(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            anyGraphIsReadOrRefusedInOneLine(data);
        } else {
            inspect(data.consumeRemainingAsBytes());
        }
    }

    @FuzzTest(maxDuration = "10s")
    void anyBytesAreReadOrRefusedInOneLine(byte[] bytes) {
        inspect(bytes);
    }

    /** Builds a small graph from the fuzzer's choices, so that it reaches past protobuf's own checks. */
    @FuzzTest(maxDuration = "10s")
    void anyGraphIsReadOrRefusedInOneLine(FuzzedDataProvider data) {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("g");
        graph.addInput(value("x", data));
        graph.addOutput(value("y", data));
        int nodes = data.consumeInt(0, 6);
        for (int i = 0; i < nodes; i++) {
            String op = data.pickValue(new String[] {"Conv", "MatMul", "Gemm", "Constant", "Relu", "If",
                    "QLinearConv", "MatMulInteger", "DequantizeLinear", "ConvInteger"});
            OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setOpType(op).setName("n" + i)
                    .addInput(i == 0 ? "x" : "t" + (i - 1)).addInput("w" + i).addOutput(i == nodes - 1 ? "y" : "t" + i);
            if (data.consumeBoolean()) {
                node.addAttribute(OnnxMl.AttributeProto.newBuilder().setName("value").setT(tensor("c" + i, data)));
            }
            graph.addNode(node);
            if (data.consumeBoolean()) {
                graph.addInitializer(tensor("w" + i, data));
            }
        }
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(data.consumeLong(-1, 10))
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(graph).build();
        inspect(model.toByteArray());
    }

    private static void inspect(byte[] bytes) {
        try {
            OnnxModel model = OnnxModel.read(NAME, bytes);
            ModelSummary s = new OnnxInspector().summarize(model, "fuzz.onnx", "0", bytes.length);
            assertThat(s.parameters()).isNotNegative();
            assertThat(s.weightBytes()).isNotNegative();
            for (LayerInfo layer : s.layers()) {
                assertThat(layer.parameters()).isNotNegative();
                assertThat(layer.share()).isBetween(0.0, 1.0);
            }
            SaturationCheck.of(model.proto());
        } catch (ModelFormatException refused) {
            assertThat(refused.getMessage()).startsWith("fuzz.onnx: ").doesNotContain("\n");
        }
    }

    private static OnnxMl.ValueInfoProto value(String name, FuzzedDataProvider data) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        int rank = data.consumeInt(0, 5);
        for (int i = 0; i < rank; i++) {
            shape.addDim(data.consumeBoolean() ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(size(data))
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("n"));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder().setElemType(data.consumeInt(0, 17)).setShape(shape))).build();
    }

    private static OnnxMl.TensorProto tensor(String name, FuzzedDataProvider data) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(data.consumeInt(0, 24));
        int rank = data.consumeInt(0, 4);
        for (int i = 0; i < rank; i++) {
            t.addDims(size(data));
        }
        switch (data.consumeInt(0, 3)) {
            case 0 -> t.setRawData(ByteString.copyFrom(data.consumeBytes(data.consumeInt(0, 256))));
            case 1 -> {
                int n = data.consumeInt(0, 64);
                for (int i = 0; i < n; i++) {
                    t.addFloatData(data.consumeFloat());
                }
            }
            case 2 -> {
                int n = data.consumeInt(0, 64);
                for (int i = 0; i < n; i++) {
                    t.addInt32Data(data.consumeInt());
                }
            }
            default -> t.setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL).addExternalData(
                    OnnxMl.StringStringEntryProto.newBuilder().setKey(data.pickValue(new String[] {"length", "offset",
                            "location"})).setValue(data.consumeString(24)));
        }
        return t.build();
    }

    /** Mostly small sizes, sometimes the edges: 0, huge, negative. */
    private static long size(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.consumeLong(0, 16) : data.consumeLong();
    }
}
