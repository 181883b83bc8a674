package dev.lathe.views.support;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Real models and data for the GUI tests: the project's sample Fashion-MNIST CNN and its test split when they are
 * there, else a small real ONNX classifier written here and Debian's copy of the Fashion-MNIST test split.
 */
public final class TestModels {
    /** Relative to the views module, where Maven runs its tests. */
    private static final Path SAMPLE = Path.of("../sample-models/fashion-mnist/cnn.onnx");
    private static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");

    private TestModels() {
    }

    /** The sample CNN, or a Flatten + Gemm 784 → 10 classifier with seeded random weights written into {@code dir}. */
    public static Path model(Path dir) throws IOException {
        if (Files.isRegularFile(SAMPLE)) {
            return SAMPLE.toAbsolutePath().normalize();
        }
        return linear(dir.resolve("linear.onnx"), List.of(dim("batch"), dim(1), dim(28), dim(28)));
    }

    /**
     * The Flatten + Gemm 784 → 10 classifier even where the sample CNN is present: a few microseconds a run, so a
     * device streams thousands of latencies a second.
     */
    public static Path tiny(Path dir) throws IOException {
        return linear(dir.resolve("tiny.onnx"), List.of(dim("batch"), dim(1), dim(28), dim(28)));
    }

    /** The same linear classifier, but its input declares no sizes, as TorchScript models never do. */
    public static Path modelWithoutShape(Path dir) throws IOException {
        return linear(dir.resolve("no-shape.onnx"), List.of(dim("n"), dim("c"), dim("h"), dim("w")));
    }

    /** The Fashion-MNIST test images (labels beside them). */
    public static Path dataset() {
        Path beside = SAMPLE.resolveSibling("t10k-images-idx3-ubyte.gz");
        if (Files.isRegularFile(SAMPLE) && Files.isRegularFile(beside)) {
            return beside.toAbsolutePath().normalize();
        }
        return DEBIAN;
    }

    private static Path linear(Path file, List<OnnxMl.TensorShapeProto.Dimension> inputDims) throws IOException {
        Random random = new Random(7);
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("linear")
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Flatten").setName("flatten")
                        .addInput("image").addOutput("flat")
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setI(1)
                                .setType(OnnxMl.AttributeProto.AttributeType.INT)))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Gemm").setName("classifier")
                        .addInput("flat").addInput("weight").addInput("bias").addOutput("logits"))
                .addInitializer(floats("weight", new long[] {784, 10}, random, 0.05f))
                .addInitializer(floats("bias", new long[] {10}, random, 0.01f))
                .addInput(value("image", inputDims))
                .addOutput(value("logits", List.of(dim("batch"), dim(10))))
                .build();
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("lathe-views-test")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph)
                .build();
        Files.createDirectories(file.getParent());
        Files.write(file, model.toByteArray());
        return file;
    }

    private static OnnxMl.TensorProto floats(String name, long[] dims, Random random, float scale) {
        int n = 1;
        for (long d : dims) {
            n *= (int) d;
        }
        ByteBuffer data = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            data.putFloat((float) random.nextGaussian() * scale);
        }
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(data.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static OnnxMl.ValueInfoProto value(String name, List<OnnxMl.TensorShapeProto.Dimension> dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder().addAllDim(dims);
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }

    private static OnnxMl.TensorShapeProto.Dimension dim(long size) {
        return OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(size).build();
    }

    private static OnnxMl.TensorShapeProto.Dimension dim(String symbol) {
        return OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(symbol).build();
    }
}
