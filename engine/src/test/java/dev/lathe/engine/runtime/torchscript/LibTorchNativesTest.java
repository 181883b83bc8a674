package dev.lathe.engine.runtime.torchscript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libtorch's version is known from the native jar DJL would load, without starting PyTorch. */
class LibTorchNativesTest {
    @TempDir
    Path cache;

    @Test
    void theVersionIsTheReleaseOfTheNativeJarOnTheClassPathWithoutItsBuildDate() throws Exception {
        Properties natives = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/native/lib/pytorch.properties")) {
            assertThat(in).as("the pytorch-native-cpu jar is on the test class path").isNotNull();
            natives.load(in);
        }
        String bundled = natives.getProperty("version");

        assertThat(LibTorchNatives.version(cache)).hasValueSatisfying(v -> {
            assertThat(bundled).startsWith(v + "-");
            assertThat(v).matches("\\d+\\.\\d+\\.\\d+");
        });
        try (var files = Files.list(cache)) {
            assertThat(files).as("nothing unpacked to learn it").isEmpty();
        }
    }

    @Test
    void aReleaseIsTheFirstThreeNumbers() {
        assertThat(LibTorchNatives.release("2.7.1-20250812")).isEqualTo("2.7.1");
        assertThat(LibTorchNatives.release("2.7.1")).isEqualTo("2.7.1");
    }
}
