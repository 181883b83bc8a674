package dev.lathe.app;

import dev.lathe.app.cli.Cli;
import dev.lathe.app.cli.ProgressSettings;
import dev.lathe.app.cli.TerminalWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Starts Lathe: the desktop app without arguments (or with one model file, which it opens; {@code --stage} starts it
 * in Stage view), the command line with them. Not a JavaFX Application, so the
 * app runs from a plain classpath.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        LathePaths paths = LathePaths.fromEnvironment();
        Logging.configure(paths);
        NativeStderr.Console console = NativeStderr.divert(paths.logDir());
        Optional<WindowRequest> window = WindowRequest.of(args);
        if (window.isPresent()) {
            GuiLauncher.launch(paths, window.get());
            return;
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        TerminalWriter err = new TerminalWriter(new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                console.terminal() ? ProgressSettings.terminal(console.columns()) : ProgressSettings.lines());
        int code;
        try (LazyContext context = new LazyContext(paths)) {
            code = Cli.run(context, out, err, args);
        }
        System.exit(code);
    }
}
