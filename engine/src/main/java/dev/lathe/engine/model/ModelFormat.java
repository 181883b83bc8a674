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
    ONNX("ONNX", "ONNX models", "", ""),
    TORCHSCRIPT("TorchScript", "TorchScript models", "", ""),
    /**
     * ExecuTorch programs run (benchmark, evaluation, fidelity) where an ExecuTorch runner is installed; recipes do
     * not take them: a program is the end of a lineage, exported from the model that recipes change.
     */
    PTE("ExecuTorch", "ExecuTorch programs", "this device has no ExecuTorch runner (lathe-et-runner); see "
            + "native/executorch-runner/README.md to build it", "recipes change ONNX and TorchScript models, not "
            + "ExecuTorch programs; optimize the ONNX model the program was exported from, then export the variant");

    private static final String CHOOSE = "choose a model file (.onnx, .pt or .pte)";

    private final String displayName;
    private final String plural;
    private final String noRuntime;
    private final String noRecipes;

    ModelFormat(String displayName, String plural, String noRuntime, String noRecipes) {
        this.displayName = displayName;
        this.plural = plural;
        this.noRuntime = noRuntime;
        this.noRecipes = noRecipes;
    }

    public String displayName() {
        return displayName;
    }

    /** What models of this format are called, like "ONNX models" or "ExecuTorch programs". */
    public String plural() {
        return plural;
    }

    /**
     * What a device where no runtime for this format is installed says when a run needs one, with where to read how
     * to install it; empty where the runtime comes with Lathe itself. Every format Lathe reads can be benchmarked,
     * evaluated and compared where its runtime is; whether a device has it is that device's to say.
     */
    public Optional<String> whenNoRuntime() {
        return noRuntime.isEmpty() ? Optional.empty() : Optional.of(noRuntime);
    }

    /** Why recipes (optimize, remake) cannot start from a model of this format, with what to do instead. */
    public Optional<String> whyNoRecipes() {
        return noRecipes.isEmpty() ? Optional.empty() : Optional.of(noRecipes);
    }

    /** Fails with one line naming {@code modelName} when recipes cannot start from this format (see above). */
    public void requireRecipeParent(String modelName) throws ModelFormatException {
        Optional<String> why = whyNoRecipes();
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
