package dev.lathe.views.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.demo.DemoParser;
import dev.lathe.engine.demo.DemoScenario;
import dev.lathe.views.demo.DemoCheck.CheckLine;
import dev.lathe.views.support.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCheckTest {
    /** Relative to the views module, where Maven runs its tests. */
    private static final Path BUNDLED = Path.of("../sample-models/demo/cnn-on-two-boards.lathe-demo.yaml");

    @TempDir
    Path tmp;

    @Test
    void theBundledScenarioIsReadyOnThisComputerAloneWithAnEstimatePerStep() throws Exception {
        DemoScenario scenario = new DemoParser().parse(BUNDLED);
        try (TestEngine engine = TestEngine.withTestDevices(tmp.resolve("lathe.db"))) {
            List<CheckLine> lines = new DemoCheck(engine.workbench()).check(scenario);

            assertThat(lines).extracting(CheckLine::kind)
                    .containsExactly("open", "optimize", "wall", "compare", "export");
            assertThat(lines).allSatisfy(l -> assertThat(l.ok()).as(l.message()).isTrue());
            assertThat(lines.get(1).message()).isEqualTo("ok, makes cnn.int8-static.onnx");
            assertThat(lines.get(2).message()).isEqualTo("ok, 2 models on This computer");
            assertThat(lines.get(2).seconds()).as("two models, 8 s each, with their warm-up")
                    .isEqualTo(2 * (8 + DemoCheck.WALL_SECONDS_PER_MODEL));
            assertThat(lines).allSatisfy(l -> assertThat(l.seconds()).isPositive());
            assertThat(DemoCheck.totalSeconds(lines)).isEqualTo(lines.stream().mapToDouble(CheckLine::seconds).sum());
        }
    }

    @Test
    void aMissingRecipeAndAnUnknownDeviceAreTheirStepsProblems() throws Exception {
        Path model = BUNDLED.resolveSibling("../fashion-mnist/cnn.onnx").toAbsolutePath().normalize();
        Path file = Files.writeString(tmp.resolve("talk.yaml"), "lathe-demo: 1\ntitle: t\nsteps:\n"
                + "  - open: " + model + "\n"
                + "  - optimize: no-such-recipe.yaml\n"
                + "  - wall: [this computer, Jetson]\n"
                + "  - export: onnx\n");
        try (TestEngine engine = TestEngine.withTestDevices(tmp.resolve("lathe.db"))) {
            List<CheckLine> lines = new DemoCheck(engine.workbench()).check(new DemoParser().parse(file));

            assertThat(lines).extracting(CheckLine::ok).containsExactly(true, false, false, true);
            assertThat(lines.get(1).message()).isEqualTo("the recipe " + tmp.resolve("no-such-recipe.yaml")
                    .toAbsolutePath() + " does not exist");
            assertThat(lines.get(2).message()).isEqualTo("No device is called 'Jetson'; name one of: this computer, "
                    + "every paired board");
        }
    }
}
