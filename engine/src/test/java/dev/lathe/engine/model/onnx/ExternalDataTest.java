package dev.lathe.engine.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.SparseTensorProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TrainingInfoProto;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.SessionOptions;
import dev.lathe.engine.model.ModelFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model reads only files beside it (issue 12): every way out of its folder is refused, naming the tensor and what
 * it points at, before ONNX Runtime sees the model; data that does sit beside it works, also once brought inside.
 */
class ExternalDataTest {
    private static final Runtimes RUNTIMES = Samples.runtimes();
    private static final String WEIGHT = ExternalDataModels.weight().getName();
    private static final String KEEP = "; keep the data file beside the model";

    @TempDir
    Path tmp;

    @Test
    void dataBesideTheModelLoadsAndGivesTheOriginalsOutputs() throws Exception {
        Path model = ExternalDataModels.cnn(tmp.resolve("m"), "./w.bin");
        Files.write(model.resolveSibling("w.bin"), ExternalDataModels.weightBytes());

        assertThat(ExternalData.confine(model)).containsExactly(new ExternalFile("w.bin",
                model.resolveSibling("w.bin").toRealPath()));
        assertThat(outputs(model)).isEqualTo(outputs(Samples.cnn()));
        assertThat(OnnxModel.read(model).proto().getGraph().getNodeCount()).isPositive();
    }

    @Test
    void anAbsoluteLocationIsRefusedBeforeOnnxRuntimeReadsIt() throws Exception {
        Path secret = secret();
        Path model = ExternalDataModels.cnn(tmp.resolve("m"), secret.toString());

        assertRefused(model, "cnn.onnx: its external data '" + WEIGHT + "' points outside the model's folder ("
                + secret + ")" + KEEP);
    }

    @Test
    void aLocationThatClimbsOutIsRefused() throws Exception {
        secret();
        assertRefused(ExternalDataModels.cnn(tmp.resolve("m"), "../secret.bin"), "cnn.onnx: its external data '"
                + WEIGHT + "' points outside the model's folder (../secret.bin)" + KEEP);
        assertRefused(ExternalDataModels.cnn(tmp.resolve("n"), "sub/../../secret.bin"), "points outside the "
                + "model's folder (sub/../../secret.bin)");
        assertRefused(ExternalDataModels.cnn(tmp.resolve("o"), "..\\secret.bin"), "points outside");
    }

    @Test
    void aLinkOutOfTheFolderIsRefused() throws Exception {
        Path secret = secret();
        Path model = ExternalDataModels.cnn(tmp.resolve("m"), "w.bin");
        Files.createSymbolicLink(model.resolveSibling("w.bin"), secret);

        assertRefused(model, "cnn.onnx: its external data '" + WEIGHT + "' points outside the model's folder (w.bin "
                + "links to " + secret.toRealPath() + ")" + KEEP);
    }

    @Test
    void aLinkedFolderOutOfTheFolderIsRefused() throws Exception {
        Path secret = secret();
        Path model = ExternalDataModels.cnn(tmp.resolve("m"), "data/secret.bin");
        Files.createSymbolicLink(model.resolveSibling("data"), secret.getParent());

        assertRefused(model, "points outside the model's folder (data/secret.bin links to " + secret.toRealPath());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aNamedPipeIsRefusedWithoutBeingOpened() throws Exception {
        Path model = ExternalDataModels.cnn(tmp.resolve("m"), "w.bin");
        Process mkfifo = new ProcessBuilder("mkfifo", model.resolveSibling("w.bin").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        assertRefused(model, "cnn.onnx: its external data '" + WEIGHT + "' is not a regular file (w.bin is a device, "
                + "pipe or socket)" + KEEP);
    }

    @Test
    void devZeroIsRefusedByNameAndThroughALink() throws Exception {
        assertRefused(ExternalDataModels.cnn(tmp.resolve("m"), "/dev/zero"), "points outside the model's folder "
                + "(/dev/zero)");
        Path linked = ExternalDataModels.cnn(tmp.resolve("n"), "w.bin");
        Files.createSymbolicLink(linked.resolveSibling("w.bin"), Path.of("/dev/zero"));
        assertRefused(linked, "points outside the model's folder (w.bin links to /dev/zero)");
    }

    @Test
    void onnxRuntimesMemoryMarkerIsRefused() throws Exception {
        assertRefused(ExternalDataModels.cnn(tmp.resolve("m"), ExternalData.ORT_MEMORY_MARKER),
                "uses ONNX Runtime's in-memory marker (*/_ORT_MEM_ADDR_/*), which would make it read its own memory");
    }

    @Test
    void aMissingOrShortDataFileIsNamed() throws Exception {
        Path model = ExternalDataModels.cnn(tmp.resolve("m"), "w.bin");
        assertRefused(model, "cnn.onnx: its external data '" + WEIGHT + "' is missing: there is no w.bin beside the "
                + "model" + KEEP);
        Files.write(model.resolveSibling("w.bin"), new byte[10]);
        assertRefused(model, "needs bytes 0 to " + ExternalDataModels.weightBytes().length + " of w.bin, which holds "
                + "10; the data file is truncated or belongs to another model");
    }

    @Test
    void locationsAreReducedToPlainRelativePathsOrRejected() {
        assertThat(ExternalData.relative("./w.bin")).hasValue("w.bin");
        assertThat(ExternalData.relative("weights//part-0.bin")).hasValue("weights/part-0.bin");
        assertThat(ExternalData.relative("model.onnx.data")).hasValue("model.onnx.data");
        for (String outside : List.of("", ".", "/etc/shadow", "../x", "a/../../x", "a/../b", "..\\x", "\\\\host\\x",
                "C:\\x", "w\nbin", ExternalData.ORT_MEMORY_MARKER)) {
            assertThat(ExternalData.relative(outside)).as(outside).isEmpty();
        }
    }

    @Test
    void externalTensorsAreFoundWhereverATensorCanSit() throws Exception {
        ModelProto model = ModelProto.newBuilder().setIrVersion(8)
                .setGraph(GraphProto.newBuilder().setName("g")
                        .addInitializer(external("initializer"))
                        .addInitializer(TensorProto.newBuilder().setName("inline").addDims(1).addFloatData(1f))
                        .addSparseInitializer(SparseTensorProto.newBuilder().setValues(external("sparse.values"))
                                .setIndices(external("sparse.indices")))
                        .addNode(node("Constant", AttributeProto.newBuilder().setName("value").setT(external("constant"))))
                        .addNode(node("Foo", AttributeProto.newBuilder().setName("many").addTensors(external("tensors"))))
                        .addNode(node("If", AttributeProto.newBuilder().setName("then_branch").setG(GraphProto
                                .newBuilder().addInitializer(external("subgraph"))))))
                .addFunctions(FunctionProto.newBuilder().setName("f").addNode(node("Constant",
                        AttributeProto.newBuilder().setName("value").setT(external("function")))))
                .addTrainingInfo(TrainingInfoProto.newBuilder().setInitialization(GraphProto.newBuilder()
                        .addInitializer(external("training"))))
                .build();
        Path file = tmp.resolve("m.onnx");
        Files.write(file, model.toByteArray());

        List<String> expected = List.of("initializer", "sparse.values", "sparse.indices", "constant", "tensors",
                "subgraph", "function", "training");
        assertThat(ExternalData.references(file)).extracting(ExternalReference::tensor)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ExternalData.references(model)).extracting(ExternalReference::tensor)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ExternalData.references(file)).allSatisfy(r -> assertThat(r.location()).isEqualTo("../" + r.tensor()));
    }

    @Test
    void inliningBringsTheDataInsideSoTheModelRunsFromAnyFolder() throws Exception {
        Path model = ExternalDataModels.cnn(tmp.resolve("m"), "w.bin");
        Files.write(model.resolveSibling("w.bin"), ExternalDataModels.weightBytes());

        OnnxModel inlined = ExternalData.inline(OnnxModel.read(model), model);
        Path elsewhere = tmp.resolve("variants/cnn.onnx");
        Files.createDirectories(elsewhere.getParent());
        inlined.write(elsewhere);

        assertThat(ExternalData.references(inlined.proto())).isEmpty();
        assertThat(outputs(elsewhere)).isEqualTo(outputs(Samples.cnn()));
    }

    @Test
    void aGarbageFileIsNotAModel() throws Exception {
        Path file = tmp.resolve("m.onnx");
        Files.write(file, new byte[] {(byte) 0x3a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f});
        assertThatThrownBy(() -> ExternalData.references(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("m.onnx: is not a valid ONNX model");
    }

    /** Refused by every door: reading the model, and opening it in ONNX Runtime. */
    private static void assertRefused(Path model, String message) {
        assertThatThrownBy(() -> OnnxModel.read(model)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(message);
        assertThatThrownBy(() -> RUNTIMES.open(model, ModelFormat.ONNX, Optional.empty(), SessionOptions.DEFAULT))
                .isInstanceOf(InferenceException.class).hasMessageContaining(message);
    }

    /** A file outside every model's folder holding exactly the weight's bytes: only confinement keeps it unread. */
    private Path secret() throws Exception {
        return Files.write(tmp.resolve("secret.bin"), ExternalDataModels.weightBytes());
    }

    private static float[] outputs(Path model) throws Exception {
        float[] input = new float[28 * 28];
        Random random = new Random(12);
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat();
        }
        try (InferenceSession s = RUNTIMES.open(model, ModelFormat.ONNX, Optional.empty(), SessionOptions.DEFAULT)) {
            return s.run(new FloatTensor(input, new long[] {1, 1, 28, 28})).data();
        }
    }

    private static TensorProto external(String name) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(1)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(ExternalDataModels.entry("location", "../" + name)).build();
    }

    private static NodeProto node(String op, AttributeProto.Builder attribute) {
        return NodeProto.newBuilder().setOpType(op).addOutput(op.toLowerCase()).addAttribute(attribute).build();
    }
}
