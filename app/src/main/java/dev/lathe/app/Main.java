package dev.lathe.app;

import dev.lathe.app.cli.Cli;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Starts Lathe: the desktop app without arguments, the command line with them. Not a JavaFX Application, so the
 * app runs from a plain classpath.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        LathePaths paths = LathePaths.fromEnvironment();
        Logging.configure(paths);
        if (args.length == 0) {
            GuiLauncher.launch(paths);
            return;
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code;
        try (LazyContext context = new LazyContext(paths)) {
            code = Cli.run(context, out, err, args);
        }
        System.exit(code);
    }
}
