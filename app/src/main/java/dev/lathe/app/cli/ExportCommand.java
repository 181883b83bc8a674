package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.export.VariantExporter;
import dev.lathe.engine.files.ExistingFileException;
import dev.lathe.engine.files.Overwrite;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a variant made by 'lathe optimize' with its provenance (<name>.provenance.json) and a "
                + "Markdown model card (<name>.model-card.md).")
final class ExportCommand implements Callable<Integer> {
    private final LazyContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "VARIANT", description = "A variant file (.onnx) made by 'lathe optimize'.")
    Path variant;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write into.")
    Path out;

    @Option(names = "--force", description = "Replace files of the same name in DIR (otherwise refused, and nothing is written).")
    boolean force;

    ExportCommand(LazyContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        var workbench = context.get().workbench();
        VariantExporter.Exported written;
        try {
            written = workbench.export(workbench.open(variant), out, force ? Overwrite.REPLACE : Overwrite.REFUSE);
        } catch (ExistingFileException e) {
            throw new LatheException(e.file() + " already exists; give --force to replace it (nothing was written)", e);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println(written.model());
        w.println(written.provenance());
        w.println(written.card());
        return 0;
    }
}
