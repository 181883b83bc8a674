package dev.lathe.engine.hardware;

/**
 * What a benchmark ran on, recorded with every figure so numbers from different machines never mix silently.
 *
 * @param int8Path which int8 kernels its CPU gives ONNX Runtime, on which an int8 model's accuracy depends
 */
public record DeviceFingerprint(String id, String name, String cpuModel, int cores, long memoryBytes, String os,
                                String arch, String jvm, String runtime, Int8Path int8Path) {

    public DeviceFingerprint {
        // Fingerprints stored, and agents built, before devices reported their int8 path carry none.
        int8Path = int8Path == null ? Int8Path.OTHER : int8Path;
    }

    public String describe() {
        return cpuModel + ", " + cores + " cores, " + (memoryBytes >> 20) + " MiB, " + os + " " + arch + ", int8 "
                + int8Path.label() + ", " + jvm + ", " + runtime;
    }
}
