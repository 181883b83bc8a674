package dev.lathe.engine.model.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.lathe.engine.files.AtomicFiles;
import dev.lathe.engine.files.InputFiles;
import dev.lathe.engine.model.ModelFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An ONNX file parsed into its protobuf form. Protobuf keeps fields this version does not know as unknown fields,
 * so {@link #write(Path)} writes back everything that was read. A model read from a file has passed
 * {@link NativeSafety}: no native runtime will see an attribute that makes it divide by zero.
 */
public final class OnnxModel {
    private static final int MAX_PROTO_BYTES = Integer.MAX_VALUE;

    private final OnnxMl.ModelProto proto;
    private final String name;

    /** A model made or changed in memory; messages call it "the model" until it is {@link #named}. */
    public OnnxModel(OnnxMl.ModelProto proto) {
        this(proto, "the model");
    }

    private OnnxModel(OnnxMl.ModelProto proto, String name) {
        this.proto = proto;
        this.name = name;
    }

    public OnnxMl.ModelProto proto() {
        return proto;
    }

    /** What messages call the model, like {@code cnn.onnx}: its file's name once read. */
    public String name() {
        return name;
    }

    /** The same model under the name a user knows it by (a variant is stored under its hash). */
    public OnnxModel named(String name) {
        return new OnnxModel(proto, name);
    }

    /**
     * Parses the file and checks it looks like a model, not a text file or a truncated download, and that it is within
     * Lathe's bounds ({@link OnnxScan}): checked as a stream first, so a file out of bounds is refused before it is
     * parsed whole; any external data it names must sit beside it ({@link ExternalData}).
     */
    public static OnnxModel read(Path file) throws ModelFormatException {
        return read(file, file.getFileName().toString());
    }

    /**
     * As {@link #read(Path)}, for a file that messages call {@code name}: the name a user knows it by, where the file
     * is named otherwise (an agent keeps uploads under their hash).
     */
    public static OnnxModel read(Path file, String name) throws ModelFormatException {
        Path shown = Path.of(name);
        checkBounds(file, shown);
        try (InputStream in = Files.newInputStream(file)) {
            return parsed(file, name, in);
        } catch (IOException e) {
            throw unreadable(shown, e);
        }
    }

    /**
     * Checks the file is a regular file within Lathe's bounds, as a stream and without parsing it whole: what happens
     * before a runtime is handed a model, since one size of 2^40 keeps ONNX Runtime busy for minutes.
     */
    public static void checkBounds(Path file) throws ModelFormatException {
        checkBounds(file, file);
    }

    /** As {@link #checkBounds(Path)}, for a file that messages call {@code shown}. */
    public static void checkBounds(Path file, Path shown) throws ModelFormatException {
        java.util.Optional<String> problem = InputFiles.problem(file, false);
        if (problem.isPresent()) {
            throw new ModelFormatException(shown, problem.get());
        }
        try {
            long size = Files.size(file);
            if (size > MAX_PROTO_BYTES) {
                throw new ModelFormatException(shown, "is " + String.format(java.util.Locale.ROOT, "%,d", size)
                        + " bytes; an ONNX file holds at most 2,147,483,647 (2 GiB) (protobuf's limit): larger models "
                        + "keep their weights in external data files");
            }
            try (InputStream in = Files.newInputStream(file)) {
                OnnxScan.check(shown, in, size);
            }
        } catch (IOException e) {
            throw unreadable(shown, e);
        }
    }

    /** {@link #read(Path)} for a model held in memory; {@code name} is what messages call it. */
    public static OnnxModel read(Path name, byte[] bytes) throws ModelFormatException {
        try {
            OnnxScan.check(name, new ByteArrayInputStream(bytes), bytes.length);
            return parsed(name, name.getFileName().toString(), new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    private static OnnxModel parsed(Path file, String name, InputStream in) throws IOException, ModelFormatException {
        Path shown = Path.of(name);
        CodedInputStream coded = CodedInputStream.newInstance(in);
        coded.setSizeLimit(MAX_PROTO_BYTES);
        OnnxMl.ModelProto proto;
        try {
            proto = OnnxMl.ModelProto.parseFrom(coded);
        } catch (IndexOutOfBoundsException protobufs) {
            // protobuf-java's stream decoder can index past its buffer on lengths near 2^31 instead of refusing them.
            throw new InvalidProtocolBufferException("a length near 2^31 points past the end");
        }
        check(shown, proto);
        ExternalData.confine(file, name, ExternalData.references(proto));
        NativeSafety.check(shown, proto);
        return new OnnxModel(proto, name);
    }

    private static ModelFormatException unreadable(Path file, IOException e) {
        if (e instanceof InvalidProtocolBufferException) {
            return new ModelFormatException(file, "is not a valid ONNX model (" + reason(e)
                    + "). The file may be truncated or not an ONNX file; export it again.", e);
        }
        return new ModelFormatException(file, "cannot be read: " + e.getMessage(), e);
    }

    private static void check(Path file, OnnxMl.ModelProto proto) throws ModelFormatException {
        if (proto.getIrVersion() <= 0 || !proto.hasGraph()) {
            throw new ModelFormatException(file, "is not an ONNX model: it has no IR version or no graph. "
                    + "Choose an .onnx file exported from a training framework.");
        }
        if (proto.getGraph().getNodeCount() == 0) {
            throw new ModelFormatException(file, "holds an ONNX graph with no nodes; there is nothing to run.");
        }
    }

    private static String reason(IOException e) {
        String message = e.getMessage() == null ? "unreadable protobuf" : e.getMessage();
        if (message.contains("ended unexpectedly")) {
            return "it ends in the middle of a message";
        }
        if (message.contains("too many levels of nesting")) {
            return "its messages nest more than 100 deep";
        }
        return "unreadable protobuf";
    }

    /** Writes the model atomically: a crash mid-write never leaves a half-written file under the target name. */
    public void write(Path target) throws IOException {
        AtomicFiles.write(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                proto.writeTo(out);
            }
        });
    }

    public byte[] toBytes() {
        return proto.toByteArray();
    }
}
