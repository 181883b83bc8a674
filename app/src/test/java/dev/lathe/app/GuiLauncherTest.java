package dev.lathe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuiLauncherTest {
    @TempDir
    Path tmp;

    @Test
    void theSampleTrainsOnTheInstalledTrainingSetWhenThereIsOne() throws Exception {
        Path sample = Files.writeString(tmp.resolve("t10k.gz"), "x");
        Path installed = Files.writeString(tmp.resolve("train.gz"), "x");

        assertThat(GuiLauncher.sampleTraining(Optional.of(sample), installed)).contains(installed);
        assertThat(GuiLauncher.sampleTraining(Optional.of(sample), tmp.resolve("absent.gz"))).contains(sample);
        assertThat(GuiLauncher.sampleTraining(Optional.empty(), installed)).isEmpty();
    }
}
