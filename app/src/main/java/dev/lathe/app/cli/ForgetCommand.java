package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.remote.PairedAgent;
import dev.lathe.engine.device.remote.PairedAgents;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
        if (address.equals(DeviceArg.LOCAL)) {
            throw new DeviceException("This computer cannot be forgotten: it is the workbench's own runner, not a "
                    + "paired board.");
        }
        PairedAgents paired = new PairedAgents(context.get().paths().devicesFile());
        if (!paired.remove(address)) {
            List<PairedAgent> all = paired.all();
            throw new DeviceException(address + " is not paired, so there is nothing to forget" + (all.isEmpty()
                    ? "; no agent is paired." : "; paired: " + all.stream().map(PairedAgent::address)
                    .collect(Collectors.joining(", ")) + "."));
        }
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("address", address);
            j.put("forgotten", true);
            Output.json(spec.commandLine().getOut(), j);
        } else {
            spec.commandLine().getOut().printf("Forgot %s: its pairing is deleted from %s.%n  Its agent keeps "
                    + "running; to use it again: lathe pair %s --token TOKEN%n", address, paired.file(), address);
        }
        return 0;
    }
}
