package dev.lathe.engine.hardware;

import java.util.Optional;

/**
 * The runtimes Lathe runs models with, by the id a device reports ({@link RuntimeVersion#name()}): the one place
 * their names for people, and what to do where a device lacks one, are written.
 */
public enum KnownRuntime {
    ONNX_RUNTIME("onnxruntime", "ONNX Runtime", "ONNX Runtime", "ONNX Runtime",
            "install the Lathe agent from its package for the board's platform (lathe-agent-<version>-linux-aarch64"
                    + ".tar.gz or -linux-x86_64.tar.gz, native/agent/README.md), whose lib/ carries ONNX Runtime"),
    LIBTORCH("libtorch", "libtorch", "PyTorch", "libtorch (PyTorch) runtime",
            "copy the ai.djl.pytorch:pytorch-native-cpu jar for its platform into the agent's lib/ folder "
                    + "(native/agent/README.md)"),
    EXECUTORCH("executorch", "ExecuTorch", "ExecuTorch", "ExecuTorch runner",
            "see native/executorch-runner/README.md");

    private final String id;
    private final String displayName;
    private final String shortName;
    private final String what;
    private final String remedy;

    KnownRuntime(String id, String displayName, String shortName, String what, String remedy) {
        this.id = id;
        this.displayName = displayName;
        this.shortName = shortName;
        this.what = what;
        this.remedy = remedy;
    }

    /** The id devices report and JSON carries: "onnxruntime", "libtorch", "executorch". */
    public String id() {
        return id;
    }

    /** Its name for people, like "ONNX Runtime" or "libtorch". */
    public String displayName() {
        return displayName;
    }

    /**
     * What sessions and crash messages call it ("ONNX Runtime", "PyTorch", "ExecuTorch"), and what agents of protocol
     * 1.2 and older named it in their runtime lists.
     */
    public String shortName() {
        return shortName;
    }

    /** Name and version for people: "ONNX Runtime 1.23.2", "libtorch 2.7.1"; no version, none shown. */
    public String label(String version) {
        return displayName + (version == null || version.isBlank() ? "" : " " + version.strip());
    }

    /** What a device lacks when it lacks this runtime, like "ExecuTorch runner". */
    public String what() {
        return what;
    }

    /** What to do on a device that lacks it, pointing at the README that says how. */
    public String remedy() {
        return remedy;
    }

    public static Optional<KnownRuntime> ofId(String id) {
        for (KnownRuntime r : values()) {
            if (r.id.equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The runtime reported by its id, or by the name an agent of protocol 1.2 or older gave it ("PyTorch"). */
    static Optional<KnownRuntime> ofReportedName(String name) {
        String n = name == null ? "" : name.strip();
        for (KnownRuntime r : values()) {
            if (r.id.equals(n) || r.shortName.equals(n)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
