package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "forget", mixinStandardHelpOptions = true,
        description = "Forget a paired agent: delete its pairing, so Lathe no longer lists it or runs on it. The agent "
                + "keeps running; pair it again with the token it printed.")
final class ForgetCommand implements Callable<Integer> {
    private final LazyContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST:PORT", description = "The paired agent, as lathe devices lists it.")
    String address;

    @Option(names = "--json", description = "Print JSON (fields in docs/cli.md).")
    boolean json;

    ForgetCommand(LazyContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        context.get().workbench().devices().forget(address);
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("address", address);
            j.put("forgotten", true);
            Output.json(spec.commandLine().getOut(), j);
        } else {
            spec.commandLine().getOut().printf("Forgot %s: its pairing is deleted from %s.%n  Its agent keeps "
                    + "running; to use it again: lathe pair %s --token TOKEN%n", address, context.get().paths().devicesFile(),
                    address);
        }
        return 0;
    }
}
