package dev.lathe.engine.runtime.torchscript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeCacheTest {

    @Test
    void removesAnUnpackedLibtorchFolderWithATruncatedLibrary(@TempDir Path cache) throws Exception {
        Path folder = Files.createDirectories(cache.resolve("pytorch").resolve(bundledFolderName()));
        Files.write(folder.resolve("libtorch_cpu.so"), new byte[1000]);

        NativeCache.discardDamaged(cache);

        assertThat(folder).doesNotExist();
        assertThat(cache.resolve("pytorch")).isDirectory();
    }

    @Test
    void keepsAFolderThatMatchesTheBundledLibraries() throws Exception {
        TorchScriptFixture.PYTORCH.engine();
        Path folder = TorchScriptFixture.PYTORCH.cacheDir().resolve("pytorch").resolve(bundledFolderName());

        NativeCache.discardDamaged(TorchScriptFixture.PYTORCH.cacheDir());

        assertThat(folder.resolve("libtorch_cpu.so")).isRegularFile();
    }

    @Test
    void leavesOtherPyTorchVersionsAlone(@TempDir Path cache) throws IOException {
        Path other = Files.createDirectories(cache.resolve("pytorch").resolve("2.5.1-cpu-linux-x86_64"));
        Files.write(other.resolve("libtorch_cpu.so"), new byte[1000]);

        NativeCache.discardDamaged(cache);

        assertThat(other.resolve("libtorch_cpu.so")).isRegularFile();
    }

    /** The folder DJL unpacks the bundled natives into, found where the shared test cache has it. */
    private static String bundledFolderName() throws Exception {
        TorchScriptFixture.PYTORCH.engine();
        Path pytorch = TorchScriptFixture.PYTORCH.cacheDir().resolve("pytorch");
        try (Stream<Path> folders = Files.list(pytorch)) {
            return folders.filter(f -> Files.isRegularFile(f.resolve("libtorch_cpu.so")))
                    .map(f -> f.getFileName().toString())
                    .filter(name -> name.startsWith("2.7.1-"))
                    .findFirst().orElseThrow();
        }
    }
}
