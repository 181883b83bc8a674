package dev.lathe.engine.model.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.lathe.engine.model.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a model's external data inside the model's own folder. ONNX lets a tensor name the file its bytes are in,
 * and ONNX Runtime opens whatever it names: an absolute path, "../../etc/shadow", a link to anywhere, /dev/zero, a
 * named pipe that blocks forever, or a marker that makes it read its own memory. Every place that hands a model to
 * native code, or reads and writes one, checks it here first, so a model can only ever read files that sit beside
 * it, as plain files.
 */
public final class ExternalData {
    /** With this location, ONNX Runtime reads the tensor from its own memory at the address given as the offset. */
    static final String ORT_MEMORY_MARKER = "*/_ORT_MEM_ADDR_/*";
    private static final String KEEP_BESIDE = "keep the data file beside the model";
    private static final int SHOWN_CHARS = 120;

    private ExternalData() {
    }

    /** The model's tensors stored in other files, unchecked; reads only the file's structure. */
    public static List<ExternalReference> references(Path model) throws ModelFormatException {
        try {
            return ExternalDataScan.of(model);
        } catch (IOException e) {
            throw new ModelFormatException(model, "is not a valid ONNX model (" + e.getMessage() + "). The file may be "
                    + "truncated or not an ONNX file; export it again.", e);
        }
    }

    /** The model's tensors stored in other files, unchecked. */
    public static List<ExternalReference> references(ModelProto model) {
        return ExternalDataScan.of(model);
    }

    /**
     * Checks that every external tensor of the model at {@code model} is stored in a plain file inside the model's
     * folder, and returns those files (each once); empty for a model that keeps all its data inside.
     */
    public static List<ExternalFile> confine(Path model) throws ModelFormatException {
        return confine(model, model.getFileName().toString(), references(model));
    }

    /** As {@link #confine(Path)}, calling the model {@code name} in messages (an agent keeps it under its hash). */
    public static List<ExternalFile> confine(Path model, String name) throws ModelFormatException {
        return confine(model, name, references(model));
    }

    /** Checks {@code references}, read from the model at {@code model}, and returns their files. */
    public static List<ExternalFile> confine(Path model, String name, List<ExternalReference> references)
            throws ModelFormatException {
        if (references.isEmpty()) {
            return List.of();
        }
        Path folder = model.toAbsolutePath().getParent();
        Map<String, ExternalFile> files = new LinkedHashMap<>();
        for (ExternalReference r : references) {
            if (!files.containsKey(r.location())) {
                files.put(r.location(), file(folder, name, r));
            }
            checkRange(name, r, files.get(r.location()));
        }
        return files.values().stream().distinct().toList();
    }

    /**
     * The model read from {@code file} with its external data brought inside it, read only from files checked as
     * {@link #confine(Path)} checks them; the same model when it keeps all its data inside. For a model that will
     * be rewritten, or handed to a runtime as bytes.
     */
    public static OnnxModel inline(OnnxModel model, Path file) throws ModelFormatException {
        List<ExternalReference> references = references(model.proto());
        if (references.isEmpty()) {
            return model;
        }
        String name = file.getFileName().toString();
        return new OnnxModel(ExternalDataInliner.inline(model.proto(), name, confine(file, name, references)));
    }

    /**
     * {@code location} as a plain relative path inside a folder ("./w.bin" becomes "w.bin"), or empty when it is
     * absolute, climbs out with "..", is empty, or is ONNX Runtime's in-memory marker. A textual check only: links
     * and file types are checked on the files themselves.
     */
    public static Optional<String> relative(String location) {
        if (location.isEmpty() || location.equals(ORT_MEMORY_MARKER) || location.startsWith("/")
                || location.startsWith("\\") || location.matches("^[A-Za-z]:.*")
                || location.chars().anyMatch(c -> c == 0 || Character.isISOControl(c))) {
            return Optional.empty();
        }
        List<String> kept = new ArrayList<>();
        for (String segment : location.split("[/\\\\]")) {
            if (segment.equals("..")) {
                return Optional.empty();
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                kept.add(segment);
            }
        }
        return kept.isEmpty() ? Optional.empty() : Optional.of(String.join("/", kept));
    }

    private static ExternalFile file(Path folder, String name, ExternalReference r) throws ModelFormatException {
        String tensor = "its external data " + quoted(r.tensor());
        if (r.location().isEmpty()) {
            throw refusal(name, tensor + " names no data file (its location is empty); export the model again");
        }
        if (r.location().equals(ORT_MEMORY_MARKER)) {
            throw refusal(name, tensor + " uses ONNX Runtime's in-memory marker (" + ORT_MEMORY_MARKER + "), which "
                    + "would make it read its own memory; " + KEEP_BESIDE);
        }
        String location = relative(r.location()).orElseThrow(() -> refusal(name, tensor + " points outside the "
                + "model's folder (" + shown(r.location()) + "); " + KEEP_BESIDE));
        Path file;
        try {
            file = folder.resolve(location).normalize();
        } catch (InvalidPathException e) {
            throw refusal(name, tensor + " names no usable file (" + shown(location) + "); " + KEEP_BESIDE);
        }
        if (!file.startsWith(folder)) {
            throw refusal(name, tensor + " points outside the model's folder (" + shown(r.location()) + "); "
                    + KEEP_BESIDE);
        }
        if (!Files.exists(file)) {
            throw refusal(name, tensor + " is missing: there is no " + shown(location) + " beside the model; "
                    + KEEP_BESIDE);
        }
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(folder.toRealPath())) {
                throw refusal(name, tensor + " points outside the model's folder (" + shown(location) + " links to "
                        + shown(real.toString()) + "); " + KEEP_BESIDE);
            }
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                throw refusal(name, tensor + " is not a regular file (" + shown(location) + " is "
                        + (attributes.isDirectory() ? "a folder" : "a device, pipe or socket") + "); "
                        + KEEP_BESIDE);
            }
            return new ExternalFile(location, real);
        } catch (IOException e) {
            throw new ModelFormatException(name, tensor + " cannot be read (" + shown(location) + ": "
                    + e.getMessage() + ")", e);
        }
    }

    private static void checkRange(String name, ExternalReference r, ExternalFile file) throws ModelFormatException {
        long offset = number(name, r, r.offset().orElse("0"), "offset");
        long length = number(name, r, r.length().orElse("0"), "length");
        long size;
        try {
            size = Files.size(file.file());
        } catch (IOException e) {
            throw new ModelFormatException(name, "its external data " + quoted(r.tensor())
                    + " cannot be read (" + shown(file.location()) + ": " + e.getMessage() + ")", e);
        }
        if (offset > size || length > size - offset) {
            throw refusal(name, "its external data " + quoted(r.tensor()) + " needs bytes " + offset + " to "
                    + (offset + length) + " of " + shown(file.location()) + ", which holds " + size + "; the data "
                    + "file is truncated or belongs to another model");
        }
    }

    private static long number(String name, ExternalReference r, String text, String what)
            throws ModelFormatException {
        try {
            long n = Long.parseLong(text.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw refusal(name, "its external data " + quoted(r.tensor()) + " has an unreadable " + what + " ("
                + shown(text) + "); export the model again");
    }

    private static ModelFormatException refusal(String name, String problem) {
        return new ModelFormatException(name, problem);
    }

    private static String quoted(String tensor) {
        return tensor.isEmpty() ? "(an unnamed tensor)" : "'" + shown(tensor) + "'";
    }

    /** Text from the model, made safe for a one-line message: no control characters, not too long. */
    static String shown(String text) {
        StringBuilder b = new StringBuilder();
        text.codePoints().limit(SHOWN_CHARS).forEach(c -> b.appendCodePoint(
                Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? '?' : c));
        return text.codePointCount(0, text.length()) > SHOWN_CHARS ? b + "…" : b.toString();
    }
}
