package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.report.ReportWriter;
import dev.lathe.engine.store.ModelRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a report of a stored model's family (the model it was made from and every variant "
                + "made from it): one self-contained HTML page with charts, its PDF, a JSON file and a CSV file per "
                + "table.")
final class ReportCommand implements Callable<Integer> {
    private final LazyContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL",
            description = "A model file Lathe has opened, or a stored model's name, or the start of its SHA-256.")
    String model;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The folder to write report.html, report.pdf, report.json and the CSV files into "
                    + "(made if missing; an earlier report there is replaced).")
    Path out;

    ReportCommand(LazyContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ReportWriter.checkFolder(out);
        Workbench workbench = context.get().workbench();
        ModelRecord record = StoredModel.find(workbench, model);
        ReportWriter.Written written = workbench.report(record, out);
        PrintWriter o = spec.commandLine().getOut();
        int members = workbench.family(record).size();
        o.printf("Report of %s's family (%d %s) in %s:%n", TerminalText.escape(record.name()), members,
                members == 1 ? "model" : "models", out);
        for (Path file : written.all()) {
            o.println("  " + file.getFileName());
        }
        return 0;
    }
}
