package dev.lathe.engine.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 content hashes: how Lathe names models, variants and datasets. */
public final class Hashing {
    private Hashing() {
    }

    public static String sha256(Path file) throws IOException {
        return sha256Of(List.of(file));
    }

    /**
     * One hash over several files in the given order; each file's name goes in too, so that renaming a class
     * folder's image changes the dataset's identity.
     */
    public static String sha256Of(List<Path> files) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        for (Path file : files) {
            if (files.size() > 1) {
                digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            }
            try (InputStream in = Files.newInputStream(file)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
