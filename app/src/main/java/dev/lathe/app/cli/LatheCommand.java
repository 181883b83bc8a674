package dev.lathe.app.cli;

import picocli.CommandLine.Command;

/** {@code lathe}: with no command the GUI starts; these are the commands. */
@Command(name = "lathe", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Lathe: make models lean enough for the edge, and prove it with measurements.",
                "Run without a command to start the desktop app; lathe --stage starts it in Stage view."},
        subcommands = {InspectCommand.class, EvalCommand.class, BenchCommand.class, OptimizeCommand.class,
                FidelityCommand.class, ExportCommand.class, RunsCommand.class, DevicesCommand.class, PairCommand.class,
                ForgetCommand.class, ProvenanceCommand.class, ReportCommand.class,
                DemoCommand.class},
        footer = {"", "Data lives in $XDG_DATA_HOME/lathe (or $LATHE_HOME/data). Exit codes: 0 ok, 2 your input, 1 internal, 3 a benchmark interrupted (kept as such)."})
public final class LatheCommand {
}
