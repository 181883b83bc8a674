package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import dev.lathe.engine.device.DeviceEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "pair", mixinStandardHelpOptions = true,
        description = "Pair once with a Lathe agent (native/agent/lathe-agent) using the token it printed; its "
                + "certificate is pinned from then on.")
final class PairCommand implements Callable<Integer> {
    private final LazyContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST:PORT", description = "Where the agent listens, as it printed.")
    String address;

    @Option(names = "--token", required = true, paramLabel = "TOKEN", description = "The pairing token the agent printed.")
    String token;

    @Option(names = "--json", description = "Print JSON (fields in docs/cli.md).")
    boolean json;

    PairCommand(LazyContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        int colon = address.lastIndexOf(':');
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(address.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "'" + address + "' is not HOST:PORT, like 192.168.1.20:7443");
        }
        var devices = context.get().workbench().devices();
        DeviceEntry paired = devices.pair(address.substring(0, colon), port, token.strip());
        String certificate = devices.certificateSha256(paired.key()).orElseThrow();
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("address", paired.address());
            j.put("certificateSha256", certificate);
            Output.json(spec.commandLine().getOut(), j);
        } else {
            spec.commandLine().getOut().printf("Paired with %s%n  certificate sha256: %s%n  Compare it with the line the "
                    + "agent printed; from now on Lathe refuses any other certificate there.%n", paired.address(),
                    certificate);
        }
        return 0;
    }
}
