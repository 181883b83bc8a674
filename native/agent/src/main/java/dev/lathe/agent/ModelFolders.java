package dev.lathe.agent;

import dev.lathe.engine.device.proto.ModelDataFile;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.model.onnx.ExternalData;
import dev.lathe.engine.model.onnx.ExternalReference;
import dev.lathe.engine.provenance.Hashing;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.LinkOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * ONNX models as the runtime must see them. A model that keeps tensors in other files (external data) gets a folder
 * of its own, named by the hash of the model and its files, holding links to the uploaded model and to the data
 * files the workbench sent with it, under the locations the model names: so ONNX Runtime finds its data beside it,
 * and a location can only ever name a file the agent placed there. Anything else the model names is refused before a
 * runtime sees it. A model without external data runs from its upload as it is.
 */
final class ModelFolders {
    private static final int MAX_FILES = 10_000;
    private static final int MAX_DEPTH = 8;
    private static final int MAX_LOCATION_CHARS = 1_000;

    private final Path dir;
    private final BlobStore blobs;

    ModelFolders(Path dir, BlobStore blobs) throws IOException {
        this.dir = dir;
        this.blobs = blobs;
        PrivateFiles.createFolder(dir);
        try (Stream<Path> leftovers = Files.list(dir)) {
            for (Path p : leftovers.filter(p -> p.getFileName().toString().contains(".tmp-")).toList()) {
                deleteTree(p);
            }
        }
    }

    /** The file to run: {@code model} itself, or its link in a folder beside the data files it names. */
    synchronized Path open(Path model, String sha256, String name, List<ModelDataFile> data) throws IOException {
        List<ExternalReference> references = references(model, name);
        if (references.isEmpty()) {
            return model;
        }
        Map<String, Path> files = sent(data);
        for (ExternalReference r : references) {
            Optional<String> location = ExternalData.relative(r.location());
            if (location.isPresent() && !files.containsKey(location.get())) {
                throw refusal(Status.FAILED_PRECONDITION, name + ": its external data '" + LogText.of(r.tensor())
                        + "' (" + LogText.of(location.get()) + ") was not uploaded with the model; a workbench "
                        + "older than protocol 1.2 does not send it: update the workbench");
            }
        }
        String manifest = sha256 + "\n" + data.stream().map(f -> f.getLocation() + "\t" + f.getSha256()).sorted()
                .collect(Collectors.joining("\n"));
        Path folder = dir.resolve(Hashing.sha256(manifest.getBytes(StandardCharsets.UTF_8)));
        Path file = folder.resolve(sha256 + ".onnx");
        if (!Files.isDirectory(folder)) {
            build(folder, file.getFileName().toString(), model, files);
        }
        try {
            ExternalData.confine(file, name, references);
        } catch (ModelFormatException e) {
            deleteTree(folder);
            throw refusal(Status.INVALID_ARGUMENT, e.getMessage());
        }
        return file;
    }

    private static List<ExternalReference> references(Path model, String name) {
        try {
            return ExternalData.references(model);
        } catch (ModelFormatException e) {
            throw refusal(Status.INVALID_ARGUMENT, name + " is not a valid ONNX model; export it again");
        }
    }

    /** The data files sent, by location, each checked to be a plain relative path to an uploaded file. */
    private Map<String, Path> sent(List<ModelDataFile> data) {
        if (data.size() > MAX_FILES) {
            throw refusal(Status.INVALID_ARGUMENT, "a model can bring at most " + MAX_FILES + " data files, got "
                    + data.size());
        }
        Map<String, Path> files = new HashMap<>();
        for (ModelDataFile f : data) {
            String location = f.getLocation();
            if (location.length() > MAX_LOCATION_CHARS || !ExternalData.relative(location).equals(Optional.of(location))
                    || location.split("/").length > MAX_DEPTH) {
                throw refusal(Status.INVALID_ARGUMENT, "'" + LogText.of(location) + "' is not a data file "
                        + "location: give a relative path inside the model's folder, at most " + MAX_DEPTH + " levels, "
                        + "without '.' or '..' (like weights.bin)");
            }
            Path blob = blobs.file(f.getSha256()).orElseThrow(() -> refusal(Status.NOT_FOUND, "the agent holds no "
                    + "file with sha256 " + LogText.of(f.getSha256()) + " (for '" + LogText.of(location)
                    + "'): upload the model's data files first"));
            if (files.put(location, blob) != null) {
                throw refusal(Status.INVALID_ARGUMENT, "the model's data files list '" + LogText.of(location)
                        + "' twice");
            }
        }
        for (String location : files.keySet()) {
            for (int slash = location.indexOf('/'); slash >= 0; slash = location.indexOf('/', slash + 1)) {
                if (files.containsKey(location.substring(0, slash))) {
                    throw refusal(Status.INVALID_ARGUMENT, "'" + LogText.of(location.substring(0, slash))
                            + "' is both a data file and a folder of data files");
                }
            }
        }
        return files;
    }

    private void build(Path folder, String modelName, Path model, Map<String, Path> files) throws IOException {
        Path tmp = dir.resolve(folder.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            link(model, tmp.resolve(modelName));
            for (Map.Entry<String, Path> f : files.entrySet()) {
                Path target = tmp.resolve(f.getKey()).normalize();
                if (!target.startsWith(tmp) || target.equals(tmp.resolve(modelName))) {
                    throw refusal(Status.INVALID_ARGUMENT, "'" + LogText.of(f.getKey()) + "' cannot be a data file "
                            + "of this model");
                }
                Files.createDirectories(target.getParent());
                link(f.getValue(), target);
            }
            Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(tmp);
        }
    }

    /** Removes a folder a build left half done, so a crash or a refusal leaves nothing behind. */
    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void link(Path blob, Path target) throws IOException {
        try {
            Files.createLink(target, blob);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(blob, target);
        }
    }

    private static StatusRuntimeException refusal(Status status, String message) {
        return status.withDescription(message).asRuntimeException();
    }
}
