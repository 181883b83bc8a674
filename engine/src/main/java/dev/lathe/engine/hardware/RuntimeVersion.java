package dev.lathe.engine.hardware;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One runtime a device has, by its id ({@code name}: "onnxruntime", "libtorch", "executorch") and version ("1.23.2";
 * empty where the device did not say). What a device reports it runs, in the protocol, the store and JSON.
 */
public record RuntimeVersion(String name, String version) {

    public RuntimeVersion {
        Objects.requireNonNull(name, "name");
        version = version == null ? "" : version.strip();
    }

    /**
     * A runtime as an agent reported it: since protocol 1.3 by its id, before as "ONNX Runtime" or "PyTorch", which
     * read as their ids. What older agents sent where a version belongs ("starts with the first TorchScript model")
     * is no version, and reads as none.
     */
    public static RuntimeVersion reported(String name, String version) {
        String id = KnownRuntime.ofReportedName(name).map(KnownRuntime::id).orElse(name == null ? "" : name.strip());
        String v = version == null ? "" : version.strip();
        return new RuntimeVersion(id, !v.isEmpty() && Character.isDigit(v.charAt(0)) ? v : "");
    }

    /**
     * The runtimes a fingerprint stored before devices listed them wrote as one line, like "ONNX Runtime 1.23.2,
     * PyTorch starts with the first TorchScript model".
     */
    public static List<RuntimeVersion> ofLine(String line) {
        List<RuntimeVersion> out = new ArrayList<>();
        for (String part : line == null ? new String[0] : line.split(",")) {
            String p = part.strip();
            if (p.isEmpty() || p.equals("none")) {
                continue;
            }
            Optional<KnownRuntime> known = Arrays.stream(KnownRuntime.values())
                    .filter(r -> p.equals(r.shortName()) || p.startsWith(r.shortName() + " "))
                    .findFirst();
            int space = p.indexOf(' ');
            String name = known.map(KnownRuntime::shortName).orElse(space < 0 ? p : p.substring(0, space));
            out.add(reported(name, p.substring(name.length())));
        }
        return out;
    }

    /** For people: "ONNX Runtime 1.23.2", "libtorch 2.7.1"; an id Lathe does not know, as it came. */
    public String label() {
        return KnownRuntime.ofId(name).map(r -> r.label(version))
                .orElse(name + (version.isEmpty() ? "" : " " + version));
    }

    /**
     * A device's runtimes for people, in the order it listed them: "ONNX Runtime 1.23.2 · libtorch 2.7.1 · ExecuTorch
     * 1.4.1". The one way a status bar, a device card, {@code lathe devices} and a benchmark's runtime line write them.
     */
    public static String labels(List<RuntimeVersion> runtimes) {
        return runtimes.isEmpty() ? "no runtimes"
                : runtimes.stream().map(RuntimeVersion::label).collect(Collectors.joining(" · "));
    }
}
