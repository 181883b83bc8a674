package dev.lathe.engine.quantize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the CPU running the tests has, for tests whose expectations differ between int8 paths. */
final class Avx2Emulation {
    private Avx2Emulation() {
    }

    static boolean hostHasVnni() throws IOException {
        String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        return cpuinfo.contains(" avx512_vnni") || cpuinfo.contains(" avx_vnni");
    }
}
