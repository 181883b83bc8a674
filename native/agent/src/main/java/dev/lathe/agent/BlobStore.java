package dev.lathe.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Uploaded files (models, and the files of datasets), named by their verified SHA-256 and nothing else: no name a
 * client sends ever becomes part of a path here, so "../../etc/passwd" is just an invalid hash. An unfinished upload
 * stays as {@code <hash>.part} to resume.
 */
final class BlobStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;
    private final long maxBytes;
    private final Set<String> receiving = ConcurrentHashMap.newKeySet();

    BlobStore(Path dir, long maxBytes) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        PrivateFiles.createFolder(dir);
    }

    long maxBytes() {
        return maxBytes;
    }

    static boolean isHash(String sha256) {
        return SHA256.matcher(sha256).matches();
    }

    /** The complete, verified file with this hash, if the agent holds it. */
    Optional<Path> file(String sha256) {
        if (!isHash(sha256)) {
            return Optional.empty();
        }
        Path file = dir.resolve(sha256);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    Path partial(String sha256) {
        require(sha256);
        return dir.resolve(sha256 + ".part");
    }

    Path complete(String sha256) {
        require(sha256);
        return dir.resolve(sha256);
    }

    long received(String sha256) {
        Path part = partial(sha256);
        try {
            return Files.exists(part) ? Files.size(part) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Claims the right to write this hash's upload; false while another upload of it is under way. */
    boolean claim(String sha256) {
        return receiving.add(sha256);
    }

    void release(String sha256) {
        receiving.remove(sha256);
    }

    private static void require(String sha256) {
        if (!isHash(sha256)) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
    }
}
