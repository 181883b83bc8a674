package dev.lathe.engine.model.onnx;

import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intsAttr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.ModelFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attributes and shapes that make native code divide by zero or size absurd buffers are refused on reading. */
class NativeSafetyTest {
    @TempDir
    Path dir;

    @Test
    void zeroDilationsAreRefusedNamingTheNode() throws Exception {
        assertRefused(conv(1, 4, 4, intsAttr("dilations", 0, 1)),
                "conv.onnx: node 'conv1' (Conv) has dilations [0, 1]; dilations must be 1 or more");
    }

    @Test
    void aNegativeKernelShapeIsRefused() throws Exception {
        assertRefused(conv(1, 4, 4, intsAttr("kernel_shape", -3, 3)),
                "conv.onnx: node 'conv1' (Conv) has kernel_shape [-3, 3]; kernel_shape must be 1 or more");
    }

    @Test
    void negativePadsAreRefused() throws Exception {
        assertRefused(conv(1, 4, 4, intsAttr("pads", 0, -1, 0, 0)),
                "conv.onnx: node 'conv1' (Conv) has pads [0, -1, 0, 0]; pads must be 0 or more");
    }

    @Test
    void aGroupThatDoesNotDivideTheChannelsIsRefused() throws Exception {
        assertRefused(conv(3, 4, 4, intAttr("group", 3)),
                "conv.onnx: node 'conv1' (Conv) has group 3, which does not divide the 4 channels of its weight 'w'; "
                        + "group must divide the channels");
        assertRefused(conv(1, 4, 4, intAttr("group", 0)),
                "conv.onnx: node 'conv1' (Conv) has group 0; group must be 1 or more");
    }

    @Test
    void aGroupThatDividesBothSidesIsAccepted() throws Exception {
        Path file = conv(2, 4, 4, intAttr("group", 2), intsAttr("strides", 1, 1));
        assertThat(OnnxModel.read(file).name()).isEqualTo("conv.onnx");
    }

    @Test
    void aDimensionNoRealTensorHasIsRefused() throws Exception {
        Path file = dir.resolve("wide.onnx");
        new OnnxGraphBuilder("g").input("x", ElementType.FLOAT, List.of(1, Long.MAX_VALUE))
                .node("Relu", List.of("x"), List.of("y"), "relu")
                .output("y", ElementType.FLOAT, List.of(1, Long.MAX_VALUE)).write(file);

        assertRefusedBeforeNativeSafety(file, "wide.onnx: tensor 'x' has shape [1, 9223372036854775807]; a dimension above 2147483647 "
                + "is no real tensor's");
    }

    @Test
    void moreThanTwoToTheFortyElementsAreRefused() throws Exception {
        Path file = dir.resolve("big.onnx");
        long side = 1L << 21;
        new OnnxGraphBuilder("g").input("x", ElementType.FLOAT, List.of(side, side))
                .node("Relu", List.of("x"), List.of("y"), "relu")
                .output("y", ElementType.FLOAT, List.of(side, side)).write(file);

        assertRefusedBeforeNativeSafety(file, "big.onnx: tensor 'x' has shape [2097152, 2097152]; more than 2^40 elements is no real "
                + "tensor's");
    }

    @Test
    void aZeroBlocksizeIsRefused() throws Exception {
        Path file = dir.resolve("d2s.onnx");
        new OnnxGraphBuilder("g").input("x", ElementType.FLOAT, List.of(1, 4, 2, 2))
                .node("DepthToSpace", List.of("x"), List.of("y"), "d2s", intAttr("blocksize", 0))
                .output("y", ElementType.FLOAT, List.of(1, 1, 4, 4)).write(file);

        assertRefused(file, "d2s.onnx: node 'd2s' (DepthToSpace) has blocksize 0; blocksize must be 1 or more");
    }

    @Test
    void theSampleModelPasses() throws Exception {
        assertThat(OnnxModel.read(Samples.cnn()).proto().getGraph().getNodeCount()).isPositive();
    }

    private Path conv(int group, int inChannels, int outChannels, AttributeProto... attributes) throws Exception {
        Path file = dir.resolve("conv.onnx");
        new OnnxGraphBuilder("conv").input("x", ElementType.FLOAT, List.of(1, inChannels, 8, 8))
                .initializer("w", new float[outChannels * Math.max(1, inChannels / Math.max(1, group)) * 9], outChannels,
                        Math.max(1, inChannels / Math.max(1, group)), 3, 3)
                .node("Conv", List.of("x", "w"), List.of("y"), "conv1", attributes)
                .output("y", ElementType.FLOAT, List.of(1, outChannels, 6, 6))
                .write(file);
        return file;
    }

    /**
     * Sizes no real tensor has are refused by the bounds scan before the model is parsed ({@link OnnxScan}), in one
     * line of its own; the static check refuses them too, for models that reach it another way.
     */
    private static void assertRefusedBeforeNativeSafety(Path file, String message) throws Exception {
        assertThatThrownBy(() -> OnnxModel.read(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(file.getFileName() + ": input 'x' declares").hasMessageNotContaining("\n");
        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(file));
        assertThatThrownBy(() -> NativeSafety.check(file.getFileName(), proto)).isInstanceOf(ModelFormatException.class)
                .hasMessage(message);
    }

    private static void assertRefused(Path file, String message) {
        assertThatThrownBy(() -> OnnxModel.read(file)).isInstanceOf(ModelFormatException.class).hasMessage(message);
    }
}
