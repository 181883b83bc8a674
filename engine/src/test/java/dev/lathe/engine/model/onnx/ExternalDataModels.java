package dev.lathe.engine.model.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.lathe.engine.Samples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * The sample CNN with its largest weight moved out of the .onnx file into external data, named the ways a careless
 * or hostile exporter names it. Tests use it; {@link #main} writes the reproducers of issue 12 into a folder.
 */
public final class ExternalDataModels {
    private ExternalDataModels() {
    }

    /** The weight the models keep outside: the sample CNN's largest initializer. */
    public static TensorProto weight() {
        try {
            return OnnxModel.read(Samples.cnn()).proto().getGraph().getInitializerList().stream()
                    .max(Comparator.comparingInt(t -> t.getRawData().size())).orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The weight's bytes as they would sit in a data file. */
    public static byte[] weightBytes() {
        return weight().getRawData().toByteArray();
    }

    /**
     * Writes {@code folder/cnn.onnx}: the sample CNN whose largest weight names {@code location} (offset 0, its
     * length) instead of holding its bytes. Put the bytes somewhere with {@link #weightBytes()}.
     */
    public static Path cnn(Path folder, String location) {
        ModelProto model;
        try {
            model = OnnxModel.read(Samples.cnn()).proto();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        TensorProto weight = weight();
        TensorProto external = weight.toBuilder().clearRawData()
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", location))
                .addExternalData(entry("offset", "0"))
                .addExternalData(entry("length", Integer.toString(weight.getRawData().size())))
                .build();
        GraphProto.Builder graph = model.getGraph().toBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            if (graph.getInitializer(i).getName().equals(weight.getName())) {
                graph.setInitializer(i, external);
            }
        }
        Path file = folder.resolve("cnn.onnx");
        try {
            Files.createDirectories(folder);
            Files.write(file, model.toBuilder().setGraph(graph).build().toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    /**
     * Writes the reproducers into {@code args[0]}: a file {@code secret.bin} outside every model's folder holding
     * exactly the weight's bytes (so a runtime that follows the model evaluates at full accuracy, and only
     * confinement stops it), and one folder per case, each with a {@code cnn.onnx}:
     * {@code absolute/} (location: the secret's absolute path), {@code dotdot/} ("../secret.bin"),
     * {@code symlink/} ("w.bin", a link to the secret), {@code fifo/} ("w.bin", a named pipe), {@code devzero/}
     * ("/dev/zero"), {@code marker/} (ONNX Runtime's in-memory marker), and {@code beside/} ("w.bin", the real
     * bytes beside the model: the one that must work).
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(root);
        Path secret = root.resolve("secret.bin");
        Files.write(secret, weightBytes());
        cnn(root.resolve("absolute"), secret.toString());
        cnn(root.resolve("dotdot"), "../secret.bin");
        Files.createSymbolicLink(cnn(root.resolve("symlink"), "w.bin").resolveSibling("w.bin"), secret);
        Path fifo = cnn(root.resolve("fifo"), "w.bin").resolveSibling("w.bin");
        new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor();
        cnn(root.resolve("devzero"), "/dev/zero");
        cnn(root.resolve("marker"), ExternalData.ORT_MEMORY_MARKER);
        Files.write(cnn(root.resolve("beside"), "w.bin").resolveSibling("w.bin"), weightBytes());
    }
}
