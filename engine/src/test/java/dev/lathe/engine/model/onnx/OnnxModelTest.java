package dev.lathe.engine.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.model.ModelSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelTest {
    @TempDir
    Path tmp;

    @Test
    void summarizesTheSampleCnn() throws Exception {
        Path file = Samples.cnn();
        ModelSummary s = new OnnxInspector().summarize(OnnxModel.read(file), "cnn.onnx", "abc", Files.size(file));

        assertThat(s.format()).isEqualTo(ModelFormat.ONNX);
        assertThat(s.inputs()).hasSize(1);
        assertThat(s.inputs().get(0).describe()).isEqualTo("batch×1×28×28 float");
        assertThat(s.outputs().get(0).shape()).hasSize(2);
        assertThat(s.ops()).containsKeys("Conv", "Relu", "MaxPool", "Gemm");
        assertThat(s.parameters()).isBetween(50_000L, 500_000L);
        assertThat(s.weightBytes()).isEqualTo(s.parameters() * 4);
        assertThat(s.layers().stream().mapToLong(l -> l.parameters()).sum()).isEqualTo(s.parameters());
        assertThat(s.layers().stream().mapToDouble(l -> l.share()).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.irVersion()).isPresent();
        assertThat(s.opsets()).containsKey("ai.onnx");
        assertThat(s.metadata()).containsKey("lathe.labels");
    }

    @Test
    void countsConstantNodeWeightsAndSharedInitializersOnce() throws Exception {
        OnnxMl.TensorProto w = floats("w", 3, 4);
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("g")
                .addInitializer(w)
                .addNode(node("MatMul", "first", "x", "w", "a"))
                .addNode(node("MatMul", "second", "a", "w", "b"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Constant").setName("bias").addOutput("c")
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("value")
                                .setType(OnnxMl.AttributeProto.AttributeType.TENSOR).setT(floats("c", 4))))
                .build();
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(graph).build();

        ModelSummary s = new OnnxInspector().summarize(new OnnxModel(model), "m.onnx", "x", 1);

        assertThat(s.parameters()).isEqualTo(12 + 4);
        assertThat(s.weightBytes()).isEqualTo(16 * 4);
        assertThat(s.layers()).extracting(l -> l.parameters()).containsExactly(12L, 0L, 4L);
    }

    @Test
    void countsTheWeightsAndOpsInsideIfBranchesForTheIfNode() {
        ModelSummary s = new OnnxInspector().summarize(BranchModels.ifOverTwoMatMuls(), "vad.onnx", "x", 1);

        assertThat(s.parameters()).isEqualTo(1 + 64 + 64);
        assertThat(s.ops()).containsEntry("MatMul", 2).containsEntry("If", 1);
        assertThat(s.layers()).filteredOn(l -> l.op().equals("If")).singleElement()
                .satisfies(l -> assertThat(l.bytes()).isEqualTo(2 * 64 * 4));
    }

    @Test
    void writesBackEveryFieldIncludingOnesItDoesNotKnow() throws Exception {
        OnnxMl.ModelProto original = OnnxModel.read(Samples.cnn()).proto();
        UnknownFieldSet future = UnknownFieldSet.newBuilder()
                .addField(999, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("from a newer ONNX")).build())
                .build();
        OnnxMl.ModelProto withFuture = original.toBuilder().setUnknownFields(future).build();
        Path in = tmp.resolve("future.onnx");
        Files.write(in, withFuture.toByteArray());

        Path out = tmp.resolve("copy.onnx");
        OnnxModel.read(in).write(out);

        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(in));
        assertThat(OnnxModel.read(out).proto().getUnknownFields().hasField(999)).isTrue();
    }

    @Test
    void aTextFileNamedOnnxIsRefusedWithItsName() throws Exception {
        Path file = tmp.resolve("notes.onnx");
        Files.writeString(file, "these are my notes, not a model\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OnnxModel.read(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("notes.onnx: ");
    }

    @Test
    void aTruncatedModelIsRefusedWithItsName() throws Exception {
        byte[] bytes = Files.readAllBytes(Samples.cnn());
        Path file = tmp.resolve("cut.onnx");
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> OnnxModel.read(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("cut.onnx").hasMessageContaining("truncated");
    }

    @Test
    void emptyFilesAndDirectoriesAreNotModels() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.onnx"));
        assertThatThrownBy(() -> ModelFormat.detect(empty)).hasMessage("empty.onnx: is empty (0 bytes); choose a model file (.onnx, .pt or .pte)");
        Path dir = Files.createDirectory(tmp.resolve("models.onnx"));
        assertThatThrownBy(() -> ModelFormat.detect(dir)).hasMessageContaining("is a directory");
    }

    private static OnnxMl.TensorProto floats(String name, long... dims) {
        long n = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(1);
        Arrays.stream(dims).forEach(t::addDims);
        for (int i = 0; i < n; i++) {
            t.addFloatData(i);
        }
        return t.build();
    }

    private static OnnxMl.NodeProto node(String op, String name, String a, String b, String out) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addInput(a).addInput(b).addOutput(out).build();
    }
}
