package dev.lathe.engine.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.SessionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated models from issue 12, made here from the sample CNN or from scratch: each is refused in one line naming
 * what is out of bounds, within seconds, before anything parses it whole or hands it to ONNX Runtime.
 */
class OnnxBoundsTest {
    private static final Duration SECONDS = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    @Test
    void anInputSideOfTwoToTheFortyIsRefusedBeforeOnnxRuntimeSeesIt() throws Exception {
        Path file = write("side40.onnx", cnnWithInputSide(1L << 40));
        assertThatThrownBy(() -> OnnxModel.read(file)).isInstanceOf(ModelFormatException.class)
                .hasMessage("side40.onnx: input 'input' declares a size of 1099511627776; Lathe reads sizes of up to "
                        + "2,147,483,647");
        long start = System.nanoTime();
        // Before: ONNX Runtime's session creation ran for minutes (446 s and counting).
        assertThatThrownBy(() -> Samples.runtimes().open(file, ModelFormat.ONNX, Optional.empty(), SessionOptions.DEFAULT))
                .isInstanceOf(InferenceException.class).hasMessageStartingWith("side40.onnx: input 'input' declares");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SECONDS);
    }

    @Test
    void anInputSideOfLongMaxIsRefused() throws Exception {
        Path file = write("sidemax.onnx", cnnWithInputSide(Long.MAX_VALUE));
        assertThatThrownBy(() -> OnnxModel.read(file)).hasMessageContaining("declares a size of 9223372036854775807");
    }

    @Test
    void anInputOfMoreValuesThanLatheFeedsIsRefusedNamingItsShape() throws Exception {
        Path file = write("wide.onnx", cnnWithInputSide(1L << 30));
        assertThatThrownBy(() -> OnnxModel.read(file))
                .hasMessage("wide.onnx: input 'input' declares batch×1×28×1073741824 float, 30,064,771,072 values; "
                        + "Lathe feeds inputs of up to 268,435,456 values (1 GiB of float)");
    }

    @Test
    void aGraphOfThreeHundredThousandNodesIsRefusedWithinSeconds() throws Exception {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("big")
                .addInput(value("x", 1, 10)).addOutput(value("y", 1, 10));
        for (int i = 0; i < 300_000; i++) {
            graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Relu").addInput(i == 0 ? "x" : "t" + (i - 1))
                    .addOutput(i == 299_999 ? "y" : "t" + i));
        }
        Path file = write("big.onnx", model(graph));
        long start = System.nanoTime();
        assertThatThrownBy(() -> OnnxModel.read(file)).hasMessage("big.onnx: has more than 100,000 nodes; Lathe reads "
                + "graphs of up to 100,000 (subgraphs included), about 8 times the largest transformer exports");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SECONDS);
    }

    @Test
    void weightsWithAbsurdDimsAreRefusedNamingTheWeightNotDividedByZeroLater() throws Exception {
        Path file = write("absurd.onnx", cnnWithFirstWeight(w -> w.clearDims().addDims(1L << 32).addDims(1L << 32)
                .addDims(3).addDims(3)));
        assertThatThrownBy(() -> OnnxModel.read(file)).hasMessage("absurd.onnx: weight 'features.conv1.weight' declares "
                + "a size of 4294967296 (4294967296×4294967296×3×3); sizes run from 0 to 2,147,483,647");
        Path many = write("many.onnx", cnnWithFirstWeight(w -> w.clearDims().addDims(65_536).addDims(65_536)));
        assertThatThrownBy(() -> OnnxModel.read(many)).hasMessage("many.onnx: weight 'features.conv1.weight' declares "
                + "65536×65536 = 4,294,967,296 values; Lathe reads weights of up to 2,147,483,647 values");
    }

    @Test
    void truncatedOrMissingWeightDataIsRefusedNotReadPastItsEnd() throws Exception {
        Path cut = write("cut.onnx", cnnWithFirstWeight(w -> w.setRawData(w.getRawData().substring(0, 10))));
        assertThatThrownBy(() -> OnnxModel.read(cut)).hasMessage("cut.onnx: weight 'features.conv1.weight' (48×1×3×3 "
                + "float) holds 10 bytes of data where 1,728 belong; the file is damaged: export it again");
        Path none = write("none.onnx", cnnWithFirstWeight(OnnxMl.TensorProto.Builder::clearRawData));
        assertThatThrownBy(() -> OnnxModel.read(none)).hasMessage("none.onnx: weight 'features.conv1.weight' (48×1×3×3 "
                + "float) holds 0 of its 432 values; the file is damaged: export it again");
    }

    @Test
    void parameterCountsOfLargeWeightsStayPositive() throws Exception {
        // 40 000 × 40 000 = 1.6 billion values: within bounds, and past what an int counts.
        OnnxMl.TensorProto external = OnnxMl.TensorProto.newBuilder().setName("big").setDataType(1).addDims(40_000)
                .addDims(40_000).setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(OnnxMl.StringStringEntryProto.newBuilder().setKey("location").setValue("big.bin"))
                .addExternalData(OnnxMl.StringStringEntryProto.newBuilder().setKey("length").setValue("6400000000"))
                .build();
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("g").addInput(value("x", 1, 40_000))
                .addOutput(value("y", 1, 40_000)).addInitializer(external).addInitializer(external.toBuilder().setName("b"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("MatMul").addInput("x").addInput("big").addOutput("t"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("MatMul").addInput("t").addInput("b").addOutput("y"));
        // The data sits beside the model, as ExternalData requires: a sparse file, so it takes no disk.
        try (java.io.RandomAccessFile data = new java.io.RandomAccessFile(tmp.resolve("big.bin").toFile(), "rw")) {
            data.setLength(6_400_000_000L);
        }
        ModelSummary s = new OnnxInspector().summarize(OnnxModel.read(write("large.onnx", model(graph))), "large.onnx",
                "0", 1);
        assertThat(s.parameters()).isEqualTo(3_200_000_000L);
        assertThat(s.weightBytes()).isEqualTo(12_800_000_000L);
    }

    @Test
    void aLinkToDevZeroIsNotARegularFileRatherThanMissing() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("zero.onnx"), Path.of("/dev/zero"));
        assertThatThrownBy(() -> OnnxModel.read(link))
                .hasMessage("zero.onnx: is not a regular file (a device, a pipe or a socket, here /dev/zero)");
        assertThatThrownBy(() -> ModelFormat.detect(link)).hasMessage("zero.onnx: is not a regular file (a device, a "
                + "pipe or a socket, here /dev/zero); choose a model file (.onnx, .pt or .pte)");
        Path dangling = Files.createSymbolicLink(tmp.resolve("gone.onnx"), tmp.resolve("moved.onnx"));
        assertThatThrownBy(() -> ModelFormat.detect(dangling))
                .hasMessage("gone.onnx: is a link to " + tmp.resolve("moved.onnx") + ", which does not exist");
    }

    private Path write(String name, OnnxMl.ModelProto model) throws Exception {
        Path file = tmp.resolve(name);
        Files.write(file, model.toByteArray());
        return file;
    }

    private static OnnxMl.ModelProto cnnWithInputSide(long side) throws Exception {
        OnnxMl.ModelProto.Builder b = OnnxModel.read(Samples.cnn()).proto().toBuilder();
        b.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(3)
                .clearDimParam().setDimValue(side);
        return b.build();
    }

    private static OnnxMl.ModelProto cnnWithFirstWeight(java.util.function.Consumer<OnnxMl.TensorProto.Builder> change)
            throws Exception {
        OnnxMl.ModelProto.Builder b = OnnxModel.read(Samples.cnn()).proto().toBuilder();
        change.accept(b.getGraphBuilder().getInitializerBuilder(0));
        return b.build();
    }

    private static OnnxMl.ModelProto model(OnnxMl.GraphProto.Builder graph) {
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(graph).build();
    }

    private static OnnxMl.ValueInfoProto value(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
    }

}
