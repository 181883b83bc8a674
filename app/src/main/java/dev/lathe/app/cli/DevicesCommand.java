package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.hardware.DeviceFingerprint;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List this computer and every paired agent, asking each whether it is online.")
final class DevicesCommand implements Callable<Integer> {
    private final LazyContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON (fields in docs/cli.md).")
    boolean json;

    DevicesCommand(LazyContext context) {
        this.context = context;
    }

    /** @param name what the device is called everywhere: "This computer", or the board's host name */
    private record Row(String name, String address, boolean online, DeviceFingerprint device, String problem) {
        /** The first column: the name, and for a board the address {@code --device} takes. */
        String handle() {
            return address.equals(DeviceArg.LOCAL) ? name : name + " (" + address + ")";
        }
    }

    @Override
    public Integer call() throws Exception {
        List<Row> rows = new ArrayList<>();
        var workbench = context.get().workbench();
        rows.add(new Row(DeviceFingerprint.THIS_COMPUTER, DeviceArg.LOCAL, true, workbench.thisComputer(), ""));
        // The command line's devices ask each paired board now whether it answers.
        for (DeviceEntry e : workbench.devices().entriesNow()) {
            if (!e.isThisComputer()) {
                boolean online = e.state() == DeviceState.ONLINE;
                rows.add(new Row(e.fingerprint().map(DeviceFingerprint::name).orElse(e.name()), e.key(), online,
                        e.fingerprint().orElse(null), online ? "" : e.detail()));
            }
        }
        print(rows, spec.commandLine().getOut());
        return 0;
    }

    private void print(List<Row> rows, PrintWriter out) {
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Row r : rows) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("name", r.name());
                j.put("address", r.address());
                j.put("online", r.online());
                if (r.online()) {
                    j.put("device", r.device());
                } else {
                    j.put("problem", r.problem());
                }
                list.add(j);
            }
            Output.json(out, Map.of("devices", list));
            return;
        }
        for (Row r : rows) {
            if (r.online()) {
                DeviceFingerprint d = r.device();
                out.printf("%-30s online   %s, %d cores, %s · %s %s · int8 %s · %s · %s%n", r.handle(),
                        d.cpuModel(), d.cores(), Output.bytes(d.memoryBytes()), d.os(), d.arch(),
                        d.int8Path().label(), d.bf16().label(), d.runtimesLabel());
            } else {
                out.printf("%-30s offline  %s%n", r.handle(), r.problem());
            }
        }
    }
}
