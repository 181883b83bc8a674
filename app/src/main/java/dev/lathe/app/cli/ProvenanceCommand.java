package dev.lathe.app.cli;

import picocli.CommandLine.Command;

/** {@code lathe provenance}: compare two variants' provenance, or make a variant again from its provenance. */
@Command(name = "provenance", mixinStandardHelpOptions = true,
        description = "Compare how two variants were made (diff), or make a variant again from its provenance "
                + "(remake).",
        subcommands = {ProvenanceDiffCommand.class, ProvenanceRemakeCommand.class})
final class ProvenanceCommand {
}
