package dev.lathe.engine.device;

/** What a benchmark ran on, recorded with every figure so numbers from different machines never mix silently. */
public record DeviceFingerprint(String id, String name, String cpuModel, int cores, long memoryBytes, String os,
                                String arch, String jvm, String runtime) {

    public String describe() {
        return cpuModel + ", " + cores + " cores, " + (memoryBytes >> 20) + " MiB, " + os + " " + arch + ", " + jvm
                + ", " + runtime;
    }
}
