package dev.lathe.engine.model;

import dev.lathe.engine.files.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The model file formats Lathe opens. */
public enum ModelFormat {
    ONNX("ONNX"),
    TORCHSCRIPT("TorchScript");

    private final String displayName;

    ModelFormat(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /**
     * Decides the format from the file's content where it can (TorchScript files are zip archives), else from its
     * name; fails with a message a user can act on for directories, empty and unknown files.
     */
    public static ModelFormat detect(Path file) throws ModelFormatException {
        if (Files.isDirectory(file)) {
            throw new ModelFormatException(file, "is a directory; choose a model file (.onnx or .pt)");
        }
        java.util.Optional<String> problem = InputFiles.problem(file, false);
        if (problem.isPresent()) {
            throw new ModelFormatException(file, problem.get() + (Files.exists(file) ? "; choose a model file (.onnx or .pt)" : ""));
        }
        byte[] head = new byte[4];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot be read: " + e.getMessage(), e);
        }
        if (read == 0) {
            throw new ModelFormatException(file, "is empty (0 bytes); choose a model file (.onnx or .pt)");
        }
        boolean zip = read == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (zip || name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".torchscript")) {
            if (!zip) {
                throw new ModelFormatException(file, "is not a TorchScript archive (a .pt saved with torch.jit.save is a zip file)");
            }
            return TORCHSCRIPT;
        }
        if (name.endsWith(".onnx")) {
            return ONNX;
        }
        throw new ModelFormatException(file, "has an unknown model format; Lathe opens ONNX (.onnx) and TorchScript (.pt) files");
    }
}
