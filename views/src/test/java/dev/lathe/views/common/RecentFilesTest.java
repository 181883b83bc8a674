package dev.lathe.views.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecentFilesTest {
    @TempDir
    Path tmp;

    @Test
    void keepsTheNewestFirstWithoutDuplicates() {
        RecentFiles recent = new RecentFiles(tmp.resolve("recent.properties"));
        recent.add(tmp.resolve("a.onnx"));
        recent.add(tmp.resolve("b.onnx"));
        recent.add(tmp.resolve("a.onnx"));
        assertThat(recent.list()).containsExactly(tmp.resolve("a.onnx"), tmp.resolve("b.onnx"));
    }

    @Test
    void remembersOnlyTheLastEight() {
        RecentFiles recent = new RecentFiles(tmp.resolve("recent.properties"));
        for (int i = 0; i < 11; i++) {
            recent.add(tmp.resolve(i + ".onnx"));
        }
        assertThat(recent.list()).hasSize(RecentFiles.CAPACITY).first().isEqualTo(tmp.resolve("10.onnx"));
    }

    @Test
    void survivesARestart() {
        Path file = tmp.resolve("settings/recent.properties");
        new RecentFiles(file).add(tmp.resolve("model with spaces é.onnx"));
        assertThat(new RecentFiles(file).list()).containsExactly(tmp.resolve("model with spaces é.onnx"));
    }

    @Test
    void aDamagedFileCostsOnlyTheList() throws Exception {
        Path file = Files.write(tmp.resolve("recent.properties"), new byte[] {'r', 'e', 'c', '\\', 'u', 'Z'});
        RecentFiles recent = new RecentFiles(file);
        assertThat(recent.list()).isEmpty();
        recent.add(tmp.resolve("a.onnx"));
        assertThat(new RecentFiles(file).list()).containsExactly(tmp.resolve("a.onnx"));
    }
}
