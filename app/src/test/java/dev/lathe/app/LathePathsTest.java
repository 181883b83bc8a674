package dev.lathe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LathePathsTest {

    @Test
    void followsXdgOnLinux() {
        LathePaths p = LathePaths.resolve(Map.of("XDG_DATA_HOME", "/d", "XDG_CACHE_HOME", "/c"), null, "/home/u", "Linux");
        assertThat(p.storeFile()).isEqualTo(Path.of("/d/lathe/lathe.db"));
        assertThat(p.cacheDir()).isEqualTo(Path.of("/c/lathe"));
    }

    @Test
    void ignoresRelativeXdgPathsAsTheSpecSays() {
        LathePaths p = LathePaths.resolve(Map.of("XDG_DATA_HOME", "rel"), null, "/home/u", "Linux");
        assertThat(p.dataDir()).isEqualTo(Path.of("/home/u/.local/share/lathe"));
    }

    @Test
    void latheHomePutsEverythingUnderOneFolder() {
        LathePaths p = LathePaths.resolve(Map.of("LATHE_HOME", "/opt/lathe"), null, "/home/u", "Linux");
        assertThat(p.dataDir()).isEqualTo(Path.of("/opt/lathe/data"));
        assertThat(p.cacheDir()).isEqualTo(Path.of("/opt/lathe/cache"));
    }
}
