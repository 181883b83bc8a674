package dev.lathe.agent;

import dev.lathe.engine.device.proto.DatasetFile;
import dev.lathe.engine.provenance.Hashing;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Datasets rebuilt from uploaded files, so the engine opens them exactly as on the workbench: one folder per dataset,
 * named by the hash of its file list (built once, reused after), holding links to the uploaded files under the
 * paths the client gave. Each path must be plain relative names, at most two levels ("coats/0001.png"), so no path
 * a client sends can reach outside the folder.
 */
final class DatasetFolders {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+ -]{0,199}");
    private static final int MAX_DEPTH = 2;
    private static final int MAX_FILES = 1_000_000;

    private final Path dir;
    private final BlobStore blobs;

    DatasetFolders(Path dir, BlobStore blobs) throws IOException {
        this.dir = dir;
        this.blobs = blobs;
        PrivateFiles.createFolder(dir);
    }

    /** The folder holding these files, built on first use; {@code entry} ("" for the folder) resolved inside it. */
    synchronized Path open(List<DatasetFile> files, String entry) throws IOException {
        if (files.isEmpty() || files.size() > MAX_FILES) {
            throw refusal(Status.INVALID_ARGUMENT, "a dataset needs 1 to " + MAX_FILES + " files, got " + files.size());
        }
        Set<String> paths = new HashSet<>();
        for (DatasetFile f : files) {
            requireSafe(f.getPath());
            if (!paths.add(f.getPath())) {
                throw refusal(Status.INVALID_ARGUMENT, "the dataset lists '" + f.getPath() + "' twice");
            }
            if (blobs.file(f.getSha256()).isEmpty()) {
                throw refusal(Status.NOT_FOUND, "the agent holds no file with sha256 " + f.getSha256() + " (for '"
                        + f.getPath() + "'): upload the dataset's files first");
            }
        }
        if (!entry.isEmpty() && !paths.contains(entry)) {
            throw refusal(Status.INVALID_ARGUMENT, "the dataset entry '" + entry + "' is not one of its files");
        }
        Path folder = dir.resolve(Hashing.sha256(manifest(files).getBytes(StandardCharsets.UTF_8)));
        if (!Files.isDirectory(folder)) {
            build(files, folder);
        }
        return entry.isEmpty() ? folder : folder.resolve(entry);
    }

    private void build(List<DatasetFile> files, Path folder) throws IOException {
        Path tmp = dir.resolve(folder.getFileName() + ".tmp-" + UUID.randomUUID());
        Files.createDirectories(tmp);
        for (DatasetFile f : files) {
            Path target = tmp.resolve(f.getPath()).normalize();
            if (!target.startsWith(tmp)) {
                throw refusal(Status.INVALID_ARGUMENT, "'" + f.getPath() + "' points outside the dataset");
            }
            Files.createDirectories(target.getParent());
            Path blob = blobs.file(f.getSha256()).orElseThrow();
            try {
                Files.createLink(target, blob);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(blob, target);
            }
        }
        Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void requireSafe(String path) {
        String[] names = path.split("/", -1);
        boolean ok = names.length <= MAX_DEPTH;
        for (String name : names) {
            ok &= NAME.matcher(name).matches() && !name.equals("..");
        }
        if (!ok) {
            throw refusal(Status.INVALID_ARGUMENT, "'" + abbreviate(path) + "' is not a dataset file path: use names "
                    + "of letters, digits, '.', '_', '-', '+' or spaces, at most " + MAX_DEPTH + " levels "
                    + "(like coats/0001.png)");
        }
    }

    private static String manifest(List<DatasetFile> files) {
        return files.stream().map(f -> f.getPath() + "\t" + f.getSha256()).sorted().collect(Collectors.joining("\n"));
    }

    private static StatusRuntimeException refusal(Status status, String message) {
        return status.withDescription(message).asRuntimeException();
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
