package dev.lathe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowRequestTest {
    @TempDir
    Path dir;

    @Test
    void stageOpensTheWindowInStageViewAloneOrWithAModelAndIsNoCommand() throws Exception {
        Path onnx = Files.writeString(dir.resolve("cnn.onnx"), "model");

        assertThat(WindowRequest.of(new String[] {})).contains(new WindowRequest(Optional.empty(), false));
        assertThat(WindowRequest.of(new String[] {"--stage"})).contains(new WindowRequest(Optional.empty(), true));
        assertThat(WindowRequest.of(new String[] {"--stage", onnx.toString()}))
                .contains(new WindowRequest(Optional.of(onnx.toAbsolutePath()), true));
        assertThat(WindowRequest.of(new String[] {onnx.toString()}))
                .contains(new WindowRequest(Optional.of(onnx.toAbsolutePath()), false));
    }

    @Test
    void aDemoRunWithoutHeadlessPlaysInTheWindowAndWithItStaysACommand() throws Exception {
        Path demo = Files.writeString(dir.resolve("talk.lathe-demo.yaml"), "lathe-demo: 1");

        assertThat(WindowRequest.of(new String[] {"demo", "run", demo.toString()}))
                .contains(new WindowRequest(Optional.empty(), true, Optional.of(demo.toAbsolutePath())));
        assertThat(WindowRequest.of(new String[] {"demo", "run", demo.toString(), "--headless"})).isEmpty();
        assertThat(WindowRequest.of(new String[] {"demo", "run", dir.resolve("missing.yaml").toString()})).isEmpty();
        assertThat(WindowRequest.of(new String[] {"demo", "check", demo.toString()})).isEmpty();
    }

    @Test
    void commandsStayCommandsWithOrWithoutStage() {
        assertThat(WindowRequest.of(new String[] {"inspect"})).isEmpty();
        assertThat(WindowRequest.of(new String[] {"--version"})).isEmpty();
        assertThat(WindowRequest.of(new String[] {"bench", "--stage"})).isEmpty();
    }
}
