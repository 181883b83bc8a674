package dev.lathe.app.cli;

import dev.lathe.engine.LatheException;
import java.io.PrintWriter;
import dev.lathe.app.LazyContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs the command line: an engine exception becomes one clear line on stderr and exit code 2; anything unexpected
 * becomes exit code 1 with a pointer to the log. A benchmark the device broke off exits with 3 once what it measured
 * is stored.
 */
public final class Cli {
    public static final int USER_ERROR = 2;
    public static final int INTERNAL_ERROR = 1;
    /** A benchmark the device broke off: the samples measured so far are stored as an interrupted run. */
    public static final int INTERRUPTED = 3;
    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

    private Cli() {
    }

    public static int run(LazyContext context, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new LatheCommand(), new CommandFactory(context));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof LatheException) {
                err.println("lathe: " + e.getMessage());
                LOG.debug("Command failed", e);
                return USER_ERROR;
            }
            LOG.error("Internal failure", e);
            err.println("lathe: internal error: " + e + " (details in the log)");
            return INTERNAL_ERROR;
        });
        cli.setExitCodeExceptionMapper(e -> e instanceof LatheException || e instanceof CommandLine.ParameterException
                ? USER_ERROR : INTERNAL_ERROR);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Lets commands receive the app context through their constructors. */
    private record CommandFactory(LazyContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(LazyContext.class).newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
