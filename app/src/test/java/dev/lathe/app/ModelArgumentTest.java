package dev.lathe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArgumentTest {
    @TempDir
    Path dir;

    @Test
    void aModelFileAloneOpensTheWindowOnIt() throws Exception {
        for (String name : new String[] {"cnn.onnx", "cnn.pt", "cnn.PTE"}) {
            Path file = Files.writeString(dir.resolve(name), "model");
            assertThat(ModelArgument.of(new String[] {file.toString()})).hasValueSatisfying(
                    m -> assertThat(m.file()).isEqualTo(file.toAbsolutePath()));
        }
    }

    @Test
    void commandsOptionsMissingFilesAndOtherFilesStayCommands() throws Exception {
        Path onnx = Files.writeString(dir.resolve("cnn.onnx"), "model");
        Path yaml = Files.writeString(dir.resolve("recipe.yaml"), "x");
        assertThat(ModelArgument.of(new String[] {"inspect"})).isEmpty();
        assertThat(ModelArgument.of(new String[] {"--version"})).isEmpty();
        assertThat(ModelArgument.of(new String[] {dir.resolve("missing.onnx").toString()})).isEmpty();
        assertThat(ModelArgument.of(new String[] {yaml.toString()})).isEmpty();
        assertThat(ModelArgument.of(new String[] {"inspect", onnx.toString()})).isEmpty();
        assertThat(ModelArgument.of(new String[] {dir.toString()})).isEmpty();
    }
}
