package dev.lathe.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A command line that opens the window rather than running a command: nothing, a model file alone (as a desktop's
 * file association passes it), or either with {@code --stage}, which starts the window in Stage view for a talk or a
 * demo; or {@code demo run FILE} without {@code --headless}, which plays the demo in Stage view. {@code --stage}
 * beside a command is left to the command line, which says it does not know the option.
 *
 * @param demo a demo scenario to play on stage
 */
record WindowRequest(Optional<Path> model, boolean stage, Optional<Path> demo) {
    static final String STAGE = "--stage";

    WindowRequest(Optional<Path> model, boolean stage) {
        this(model, stage, Optional.empty());
    }

    static Optional<WindowRequest> of(String[] args) {
        List<String> all = Arrays.asList(args);
        if (all.size() == 3 && all.get(0).equals("demo") && all.get(1).equals("run")
                && Files.isRegularFile(Path.of(all.get(2)))) {
            return Optional.of(new WindowRequest(Optional.empty(), true,
                    Optional.of(Path.of(all.get(2)).toAbsolutePath())));
        }
        boolean stage = all.contains(STAGE);
        String[] rest = Arrays.stream(args).filter(a -> !a.equals(STAGE)).toArray(String[]::new);
        if (rest.length == 0) {
            return Optional.of(new WindowRequest(Optional.empty(), stage));
        }
        return ModelArgument.of(rest).map(m -> new WindowRequest(Optional.of(m.file()), stage));
    }
}
