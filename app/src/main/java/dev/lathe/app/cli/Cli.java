package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import dev.lathe.engine.task.LatheException;
import java.io.PrintWriter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs the command line: an engine exception or a mistake in the options becomes one clear line on stderr and exit
 * code 2; anything unexpected becomes exit code 1 with a pointer to the log. A benchmark the device broke off exits
 * with 3 once what it measured is stored. What reaches the terminal has its control characters escaped.
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
        TerminalWriter stdout = out instanceof TerminalWriter t ? t : new TerminalWriter(out, ProgressSettings.lines());
        TerminalWriter stderr = err instanceof TerminalWriter t ? t : new TerminalWriter(err, ProgressSettings.lines());
        CommandLine cli = new CommandLine(new LatheCommand(), new CommandFactory(context));
        cli.setOut(stdout);
        cli.setErr(stderr);
        cli.setParameterExceptionHandler((e, arguments) -> {
            stderr.println("lathe: " + TerminalText.escape(optionProblem(e)));
            LOG.debug("Command line refused: {}", e.getMessage());
            return USER_ERROR;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof LatheException) {
                stderr.println("lathe: " + TerminalText.escape(e.getMessage()));
                LOG.debug("Command failed", e);
                return USER_ERROR;
            }
            LOG.error("Internal failure", e);
            stderr.println("lathe: internal error: " + TerminalText.escape(e.toString()) + " (details in the log)");
            return INTERNAL_ERROR;
        });
        cli.setExitCodeExceptionMapper(e -> e instanceof LatheException || e instanceof CommandLine.ParameterException
                ? USER_ERROR : INTERNAL_ERROR);
        int code = cli.execute(args);
        stdout.flush();
        stderr.flush();
        return code;
    }

    /**
     * One line for a mistake in the options, in place of picocli's usage text: what is wrong, a guess when an option
     * is misspelt, and where the whole usage is. "--iterations must be 1 or more, got -5; see lathe bench --help"
     */
    static String optionProblem(CommandLine.ParameterException e) {
        String problem = e.getMessage() == null ? "a problem with the options" : e.getMessage().strip();
        problem = String.join("; ", problem.lines().map(String::strip).filter(s -> !s.isEmpty()).toList());
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> near = u.getSuggestions();
            if (!near.isEmpty()) {
                problem += " (did you mean " + String.join(" or ", near.subList(0, Math.min(3, near.size()))) + "?)";
            }
        }
        String command = e.getCommandLine() == null ? "lathe" : e.getCommandLine().getCommandSpec().qualifiedName();
        return problem + "; see " + command + " --help";
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
