package dev.lathe.samples;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Figures read back from the written file itself, so the README states what is on disk. */
public record OnnxFileFacts(long bytes, String sha256, long parameters, int nodes) {

    public static OnnxFileFacts of(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        OnnxMl.ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = OnnxMl.ModelProto.parseFrom(in);
        }
        long parameters = 0;
        for (OnnxMl.TensorProto tensor : model.getGraph().getInitializerList()) {
            parameters += tensor.getDimsList().stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
        }
        return new OnnxFileFacts(content.length, sha256(content), parameters, model.getGraph().getNodeCount());
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
