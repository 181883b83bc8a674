package dev.lathe.engine.model;

import dev.lathe.engine.files.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The model file formats Lathe opens. */
public enum ModelFormat {
    ONNX("ONNX", "ONNX models", ""),
    TORCHSCRIPT("TorchScript", "TorchScript models", ""),
    /** ExecuTorch programs are read (inspected, opened into the store) but not run: no runtime runs them yet. */
    PTE("ExecuTorch", "ExecuTorch programs", "ExecuTorch runs on devices arrive in a later release; open the ONNX "
            + "model the program was exported from and benchmark, evaluate or optimize that");

    private static final String CHOOSE = "choose a model file (.onnx, .pt or .pte)";

    private final String displayName;
    private final String plural;
    private final String notRunYet;

    ModelFormat(String displayName, String plural, String notRunYet) {
        this.displayName = displayName;
        this.plural = plural;
        this.notRunYet = notRunYet;
    }

    public String displayName() {
        return displayName;
    }

    /** What models of this format are called, like "ONNX models" or "ExecuTorch programs". */
    public String plural() {
        return plural;
    }

    /**
     * Why Lathe cannot benchmark, evaluate, optimize or measure the fidelity of models of this format, with what to
     * do instead; empty for the formats it runs.
     */
    public Optional<String> whyNotRunnable() {
        return notRunYet.isEmpty() ? Optional.empty()
                : Optional.of("no runtime for " + plural + " is registered here; " + notRunYet);
    }

    /** Fails with one line naming {@code modelName} when Lathe cannot run models of this format (see above). */
    public void requireRunnable(String modelName) throws ModelFormatException {
        Optional<String> why = whyNotRunnable();
        if (why.isPresent()) {
            throw new ModelFormatException(modelName, why.get());
        }
    }

    /**
     * Decides the format from the file's content where it can (TorchScript files are zip archives, ExecuTorch
     * programs carry an {@code ETnn} identifier at bytes 4 to 8), else from its name; fails with a message a user can
     * act on for directories, empty and unknown files.
     */
    public static ModelFormat detect(Path file) throws ModelFormatException {
        if (Files.isDirectory(file)) {
            throw new ModelFormatException(file, "is a directory; " + CHOOSE);
        }
        Optional<String> problem = InputFiles.problem(file, false);
        if (problem.isPresent()) {
            throw new ModelFormatException(file, problem.get() + (Files.exists(file) ? "; " + CHOOSE : ""));
        }
        byte[] head = new byte[8];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot be read: " + e.getMessage(), e);
        }
        if (read == 0) {
            throw new ModelFormatException(file, "is empty (0 bytes); " + CHOOSE);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (read == head.length && isExecuTorchIdentifier(head)) {
            return PTE;
        }
        if (name.endsWith(".pte")) {
            throw new ModelFormatException(file, "is not an ExecuTorch program: bytes 4 to 8 hold no ETnn identifier "
                    + "(a .pte written by ExecuTorch's exporter or lathe export has ET12 there)");
        }
        boolean zip = read >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        if (zip || name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".torchscript")) {
            if (!zip) {
                throw new ModelFormatException(file, "is not a TorchScript archive (a .pt saved with torch.jit.save is a zip file)");
            }
            return TORCHSCRIPT;
        }
        if (name.endsWith(".onnx")) {
            return ONNX;
        }
        throw new ModelFormatException(file, "has an unknown model format; Lathe opens ONNX (.onnx), TorchScript (.pt) "
                + "and ExecuTorch (.pte) files");
    }

    /** {@code ET} and two digits at bytes 4 to 8: the FlatBuffer file identifier of ExecuTorch's program schema. */
    private static boolean isExecuTorchIdentifier(byte[] head) {
        String id = new String(head, 4, 4, StandardCharsets.US_ASCII);
        return id.matches("ET[0-9]{2}");
    }
}
