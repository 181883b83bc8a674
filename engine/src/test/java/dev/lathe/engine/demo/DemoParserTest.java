package dev.lathe.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoParserTest {
    @TempDir
    Path tmp;

    private DemoScenario parse(String text) throws Exception {
        return new DemoParser().parse(Files.writeString(tmp.resolve("talk.yaml"), text));
    }

    @Test
    void aGoodFileGivesItsStepsWithDefaultsAndPathsReadAgainstItsFolder() throws Exception {
        DemoScenario s = parse("""
                lathe-demo: 1
                title: "  Lean CNN  "
                steps:
                  - open: models/cnn.onnx
                  - optimize: int8.yaml
                    calibration: data/calib.gz
                    budget: 90
                  - wall: [this computer, every paired board]
                  - compare: []
                  - export: PTE
                    to: out
                    caption: Ship it
                """);

        assertThat(s.title()).isEqualTo("Lean CNN");
        assertThat(s.file()).isEqualTo(tmp.resolve("talk.yaml").toAbsolutePath());
        assertThat(s.steps()).extracting(DemoStep::number).containsExactly(1, 2, 3, 4, 5);
        assertThat(s.step(1).action()).isEqualTo(new DemoStep.Open(tmp.resolve("models/cnn.onnx").toAbsolutePath()));
        assertThat(s.step(1).caption()).isEqualTo("Open cnn.onnx");
        assertThat(s.step(1).budgetSeconds()).isEqualTo(20);
        assertThat(s.step(2).action()).isEqualTo(new DemoStep.Optimize(tmp.resolve("int8.yaml").toAbsolutePath(),
                Optional.of(tmp.resolve("data/calib.gz").toAbsolutePath()), Optional.empty()));
        assertThat(s.step(2).budgetSeconds()).isEqualTo(90);
        DemoStep.Wall wall = (DemoStep.Wall) s.step(3).action();
        assertThat(wall.devices()).containsExactly("this computer", "every paired board");
        assertThat(wall.seconds()).as("default seconds").isEqualTo(10);
        assertThat(s.step(3).budgetSeconds()).isEqualTo(wall.defaultBudgetSeconds());
        assertThat(s.step(4).action()).isEqualTo(new DemoStep.Compare(List.of()));
        assertThat(s.step(5).action()).isEqualTo(new DemoStep.Export(DemoStep.Export.Format.PTE,
                Optional.of(tmp.resolve("out").toAbsolutePath())));
        assertThat(s.step(5).caption()).isEqualTo("Ship it");
    }

    @Test
    void anUnknownKeyIsNamedWithItsLineAndTheKeysThereAre() {
        assertThatThrownBy(() -> parse("lathe-demo: 1\ntitle: t\nsteps:\n  - open: a.onnx\n    secnds: 3\n"))
                .isInstanceOf(DemoException.class)
                .hasMessageStartingWith("talk.yaml line 5: 'secnds' is not a key of a step; use one of ")
                .hasMessageContaining("seconds");
    }

    @Test
    void aStepWithTwoActionsAWrongExportFormatAndVersionTwoAreEachOneLine() {
        assertThatThrownBy(() -> parse("lathe-demo: 1\ntitle: t\nsteps:\n  - open: a.onnx\n    wall: [x]\n"))
                .hasMessage("talk.yaml step 1: does open and wall; a step has exactly one of open, optimize, wall, "
                        + "compare, export");
        assertThatThrownBy(() -> parse("lathe-demo: 1\ntitle: t\nsteps:\n  - open: a.onnx\n  - export: tflite\n"))
                .hasMessage("talk.yaml step 2: export is 'tflite'; give one of onnx, pte, torchscript");
        assertThatThrownBy(() -> parse("lathe-demo: 2\ntitle: t\nsteps:\n  - open: a.onnx\n"))
                .hasMessage("talk.yaml: is 'lathe-demo: 2'; this Lathe reads version 1: write 'lathe-demo: 1'");
    }
}
