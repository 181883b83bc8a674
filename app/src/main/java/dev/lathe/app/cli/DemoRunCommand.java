package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.demo.DemoParser;
import dev.lathe.engine.demo.DemoScenario;
import dev.lathe.engine.demo.DemoStep;
import dev.lathe.engine.demo.RehearsalRecorder;
import dev.lathe.engine.demo.Rehearsals;
import dev.lathe.engine.task.LatheException;
import dev.lathe.views.demo.DemoSteps;
import dev.lathe.views.demo.StepListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a demo scenario's steps in order without a window (--headless), printing each step's "
                + "lines, and record the run (every line and streamed latency, timed) as a rehearsal. Stops at the "
                + "first step that fails, keeping what was recorded.")
final class DemoRunCommand implements Callable<Integer> {
    private final LazyContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The scenario (lathe-demo: 1, a .yaml file).")
    Path file;

    @Option(names = "--headless", description = "Run here, without a window. (Presenting: 'lathe demo run FILE' "
            + "alone opens the window in Stage view on it, as File › Open demo… does.)")
    boolean headless;

    @Option(names = "--record", paramLabel = "DIR", description = "The folder to record into (made; one holding a "
            + "recording is refused). Default: a new folder under the data folder's rehearsals/, where the "
            + "window's demo player finds the newest.")
    Path record;

    @Option(names = "--export-to", paramLabel = "DIR", description = "Where export steps without 'to' write. "
            + "Default: export/ in the recording's folder.")
    Path exportTo;

    DemoRunCommand(LazyContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        DemoScenario scenario = new DemoParser().parse(file);
        if (!headless) {
            spec.commandLine().getErr().println("lathe: a demo is presented in the window: 'lathe demo run FILE' with "
                    + "no option opens it in Stage view (or File › Open demo…); add --headless to run it here without "
                    + "a window");
            return Cli.USER_ERROR;
        }
        Path folder = record != null ? record
                : new Rehearsals(context.paths().rehearsalsDir()).newFolder(scenario);
        RehearsalRecorder recorder = RehearsalRecorder.into(folder, scenario);
        Workbench workbench = context.get().workbench();
        workbench.devices().startThisComputer();
        DemoSteps steps = new DemoSteps(workbench, exportTo != null ? exportTo : folder.resolve("export"));
        PrintWriter out = spec.commandLine().getOut();
        out.println(TerminalText.escape(scenario.title()));
        int n = scenario.steps().size();
        for (DemoStep step : scenario.steps()) {
            out.println("Step " + step.number() + "/" + n + " · " + TerminalText.escape(step.caption()) + " …");
            out.flush();
            RehearsalRecorder.StepRecording recording = recorder.start(step);
            try {
                steps.run(step, new Printed(out, recording));
            } catch (LatheException e) {
                recording.failed(e.getMessage());
                out.println("Recording up to the failed step " + step.number() + " kept in " + folder);
                spec.commandLine().getErr().println("lathe: step " + step.number() + " (" + step.action().kind()
                        + ") failed: " + TerminalText.escape(e.getMessage()));
                return Cli.USER_ERROR;
            }
            recording.done();
        }
        out.println("Recorded " + Output.count(n, "step") + " into " + folder);
        return 0;
    }

    /** A step's lines printed as they come (from any thread) and recorded with its samples. */
    private record Printed(PrintWriter out, RehearsalRecorder.StepRecording recording) implements StepListener {
        @Override
        public void line(String text) {
            recording.line(text);
            synchronized (out) {
                out.println("  " + TerminalText.escape(text));
                out.flush();
            }
        }

        @Override
        public void sample(String device, String model, long latencyNanos) {
            recording.sample(device, model, latencyNanos);
        }
    }
}
