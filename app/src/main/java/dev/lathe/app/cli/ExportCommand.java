package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import dev.lathe.engine.export.VariantExporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a variant made by 'lathe optimize' with its provenance.json and a Markdown model card.")
final class ExportCommand implements Callable<Integer> {
    private final LazyContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "VARIANT", description = "A variant file (.onnx) made by 'lathe optimize'.")
    Path variant;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write into.")
    Path out;

    ExportCommand(LazyContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        var workbench = context.get().workbench();
        VariantExporter.Exported written = workbench.export(workbench.open(variant), out);
        PrintWriter w = spec.commandLine().getOut();
        w.println(written.model());
        w.println(written.provenance());
        w.println(written.card());
        return 0;
    }
}
