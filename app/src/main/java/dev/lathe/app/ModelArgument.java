package dev.lathe.app;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A model file given as the only argument, as a desktop's file association passes it (`Lathe cnn.onnx`): the window
 * opens on it. Anything else on the command line is a command.
 */
record ModelArgument(Path file) {
    private static final Set<String> MODEL_EXTENSIONS = Set.of("onnx", "pt", "pte");

    static Optional<ModelArgument> of(String[] args) {
        if (args.length != 1 || args[0].startsWith("-")) {
            return Optional.empty();
        }
        String name = args[0];
        int dot = name.lastIndexOf('.');
        if (dot < 0 || !MODEL_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(name).toAbsolutePath();
            return Files.isRegularFile(file) ? Optional.of(new ModelArgument(file)) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
