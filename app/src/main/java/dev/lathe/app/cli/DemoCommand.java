package dev.lathe.app.cli;

import picocli.CommandLine.Command;

/** {@code lathe demo}: check a demo scenario before the talk, and rehearse it without a window (docs/demos.md). */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Demo scenarios (docs/demos.md): check one before going on stage, or run it without a window "
                + "to record a rehearsal that the window's demo player replays a failing step from.",
        subcommands = {DemoCheckCommand.class, DemoRunCommand.class})
final class DemoCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give a command: check or run");
    }
}
