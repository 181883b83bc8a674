package dev.lathe.app;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A command line that opens the window rather than running a command: nothing, a model file alone (as a desktop's
 * file association passes it), or either with {@code --stage}, which starts the window in Stage view for a talk or a
 * demo. {@code --stage} beside a command is left to the command line, which says it does not know the option.
 */
record WindowRequest(Optional<Path> model, boolean stage) {
    static final String STAGE = "--stage";

    static Optional<WindowRequest> of(String[] args) {
        boolean stage = Arrays.asList(args).contains(STAGE);
        String[] rest = Arrays.stream(args).filter(a -> !a.equals(STAGE)).toArray(String[]::new);
        if (rest.length == 0) {
            return Optional.of(new WindowRequest(Optional.empty(), stage));
        }
        return ModelArgument.of(rest).map(m -> new WindowRequest(Optional.of(m.file()), stage));
    }
}
