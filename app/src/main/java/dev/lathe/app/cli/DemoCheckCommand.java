package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import dev.lathe.engine.demo.DemoParser;
import dev.lathe.engine.demo.DemoScenario;
import dev.lathe.views.demo.DemoCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check a demo scenario without running it: its files are there, its recipes read, its exports "
                + "suit the model, every device it names is paired and answers now; with each step's estimated "
                + "time. Exit code 0 only when every step is ok.")
final class DemoCheckCommand implements Callable<Integer> {
    private final LazyContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The scenario (lathe-demo: 1, a .yaml file).")
    Path file;

    DemoCheckCommand(LazyContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        DemoScenario scenario = new DemoParser().parse(file);
        List<DemoCheck.CheckLine> lines = new DemoCheck(context.get().workbench()).check(scenario);
        PrintWriter out = spec.commandLine().getOut();
        out.println(TerminalText.escape(scenario.title()) + ": " + Output.count(scenario.steps().size(), "step"));
        for (DemoCheck.CheckLine l : lines) {
            out.println("step " + l.step() + " " + l.kind() + ": " + TerminalText.escape(l.message())
                    + (l.ok() ? ", about " + seconds(l.seconds()) : ""));
        }
        long problems = lines.stream().filter(l -> !l.ok()).count();
        out.println((problems == 0 ? "ready" : Output.count(problems, "problem")) + "; about "
                + seconds(DemoCheck.totalSeconds(lines)) + " in all (an estimate)");
        return problems == 0 ? 0 : Cli.USER_ERROR;
    }

    /** "40 s", "3 min 20 s": estimates, rounded to what a presenter plans with. */
    static String seconds(double s) {
        long whole = Math.round(Math.ceil(s));
        return whole < 120 ? whole + " s" : String.format(Locale.ROOT, "%d min %d s", whole / 60, whole % 60);
    }
}
