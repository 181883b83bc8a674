package dev.lathe.engine.hardware;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * What a benchmark ran on, recorded with every figure so numbers from different machines never mix silently.
 *
 * @param runtimes the runtimes the device has, with versions, as it reported them
 * @param int8Path which int8 kernels its CPU gives ONNX Runtime, on which an int8 model's accuracy depends
 * @param bf16     whether its CPU computes bfloat16 natively or has it emulated
 */
public record DeviceFingerprint(String id, String name, String cpuModel, int cores, long memoryBytes, String os,
                                String arch, String jvm, List<RuntimeVersion> runtimes, Int8Path int8Path,
                                Bf16 bf16) {

    /**
     * What people call the computer Lathe runs on, wherever a device is named: the command line, device cards, the
     * status bar, wall panels and stored runs. Its host name and agent id stay in the store and JSON as they were.
     */
    public static final String THIS_COMPUTER = "This computer";

    public DeviceFingerprint {
        runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
        // Fingerprints stored, and agents built, before devices reported their int8 path or bf16 carry none.
        int8Path = int8Path == null ? Int8Path.OTHER : int8Path;
        bf16 = bf16 == null ? Bf16.EMULATED : bf16;
    }

    /**
     * Reads a stored fingerprint, also one written before devices listed their runtimes, whose {@code runtime} was one
     * line ("ONNX Runtime 1.23.2, PyTorch starts with the first TorchScript model").
     */
    @JsonCreator
    static DeviceFingerprint read(@JsonProperty("id") String id, @JsonProperty("name") String name,
                                  @JsonProperty("cpuModel") String cpuModel, @JsonProperty("cores") int cores,
                                  @JsonProperty("memoryBytes") long memoryBytes, @JsonProperty("os") String os,
                                  @JsonProperty("arch") String arch, @JsonProperty("jvm") String jvm,
                                  @JsonProperty("runtimes") List<RuntimeVersion> runtimes,
                                  @JsonProperty("runtime") String runtimeLine,
                                  @JsonProperty("int8Path") Int8Path int8Path, @JsonProperty("bf16") Bf16 bf16) {
        return new DeviceFingerprint(id, name, cpuModel, cores, memoryBytes, os, arch, jvm,
                runtimes != null ? runtimes : RuntimeVersion.ofLine(runtimeLine), int8Path, bf16);
    }

    /**
     * What to call this device for people: {@link #THIS_COMPUTER} where it is the computer Lathe runs on (its agent id
     * is {@code thisComputerId}), else the host name it reported, so one machine never goes by two names on screen.
     */
    public String nameFor(String thisComputerId) {
        return id.equals(thisComputerId) ? THIS_COMPUTER : name;
    }

    /** The runtime with this id ("onnxruntime", "libtorch", "executorch"), if the device has it. */
    public Optional<RuntimeVersion> runtime(String runtimeId) {
        return runtimes.stream().filter(r -> r.name().equals(runtimeId)).findFirst();
    }

    /** Its runtimes for people: "ONNX Runtime 1.23.2 · libtorch 2.7.1 · ExecuTorch 1.4.1". */
    public String runtimesLabel() {
        return RuntimeVersion.labels(runtimes);
    }

    public String describe() {
        return cpuModel + ", " + cores + " cores, " + ByteSize.of(memoryBytes) + ", " + os + " " + arch + ", int8 "
                + int8Path.label() + ", " + bf16.label() + ", " + jvm + ", " + runtimesLabel();
    }
}
