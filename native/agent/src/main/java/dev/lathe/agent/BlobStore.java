package dev.lathe.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Uploaded files (models, and the files of datasets), named by their verified SHA-256 and nothing else: no name a
 * client sends ever becomes part of a path here, so "../../etc/passwd" is just an invalid hash. An unfinished upload
 * stays as {@code <hash>.part} to resume, for {@link #PART_LIFETIME} after its last byte arrived.
 */
final class BlobStore {
    /**
     * How long an unfinished upload is kept once no byte reaches it: a day, so a workbench whose link broke (it
     * gives up after two minutes without progress) can send the file again tomorrow and resume; after that it is
     * taken for abandoned.
     */
    static final Duration PART_LIFETIME = Duration.ofHours(24);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String PART = ".part";

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
        return dir.resolve(sha256 + PART);
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
    synchronized boolean claim(String sha256) {
        return receiving.add(sha256);
    }

    synchronized void release(String sha256) {
        receiving.remove(sha256);
    }

    /**
     * Deletes the unfinished uploads whose last byte arrived more than {@code lifetime} before {@code now}, except
     * one being received; returns the hashes deleted. Holds the claim lock, so no upload starts on a file while it
     * goes.
     */
    synchronized List<String> removeStaleParts(Instant now, Duration lifetime) throws IOException {
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "*" + PART)) {
            for (Path part : parts) {
                String name = part.getFileName().toString();
                String sha = name.substring(0, name.length() - PART.length());
                BasicFileAttributes a = Files.readAttributes(part, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (isHash(sha) && !receiving.contains(sha)
                        && a.lastModifiedTime().toInstant().plus(lifetime).isBefore(now)) {
                    Files.deleteIfExists(part);
                    removed.add(sha);
                }
            }
        }
        return removed;
    }

    private static void require(String sha256) {
        if (!isHash(sha256)) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
    }
}
