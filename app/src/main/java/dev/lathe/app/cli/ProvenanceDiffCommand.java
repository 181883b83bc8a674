package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import dev.lathe.engine.provenance.ProvenanceDiff;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Print each field in which two provenances differ (parameters, what ran, dataset hashes, "
                + "versions, platform), one line each; 'identical' when only the time each was made differs.")
final class ProvenanceDiffCommand implements Callable<Integer> {
    private final LazyContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "A <name>.provenance.json, or a variant file the store "
            + "knows (made by lathe optimize).")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The same for the other variant.")
    Path b;

    @Option(names = "--json", description = "Print JSON (fields in docs/cli.md).")
    boolean json;

    ProvenanceDiffCommand(LazyContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        var workbench = context.get().workbench();
        ProvenanceDiff.Result r = ProvenanceDiff.between(workbench.provenance(a), workbench.provenance(b));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("a", a.toString());
            j.put("b", b.toString());
            j.put("identical", r.identical());
            j.put("differences", r.differences());
            j.put("createdAtEpochMillis", Map.of("a", r.createdA(), "b", r.createdB()));
            Output.json(out, j);
            return 0;
        }
        r.differences().forEach(d -> out.println(d.path() + ": " + d.a() + " → " + d.b()));
        if (r.identical()) {
            out.println(r.createdA() == r.createdB() ? "identical"
                    : "identical, apart from when each was made (" + Instant.ofEpochMilli(r.createdA()) + ", "
                    + Instant.ofEpochMilli(r.createdB()) + ")");
        }
        return 0;
    }
}
