package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.demo.Rehearsal;
import dev.lathe.engine.demo.Rehearsal.RecordedSeries;
import dev.lathe.engine.demo.Rehearsals;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aCheckedScenarioRunsHeadlessAndItsRecordingReadsBackWithEveryStepAndItsSamples() throws Exception {
        Path file = Files.writeString(tmp.resolve("short.lathe-demo.yaml"), "lathe-demo: 1\n"
                + "title: Short\n"
                + "steps:\n"
                + "  - open: " + SampleFiles.cnn() + "\n"
                + "  - wall: [This Computer]\n"
                + "    seconds: 1\n"
                + "  - compare: []\n"
                + "  - export: onnx\n");
        CliHarness cli = new CliHarness(tmp);

        String checked = cli.run("demo", "check", file.toString());
        assertThat(checked).startsWith("Short: 4 steps").contains("step 1 open: ok, cnn.onnx (ONNX), about ",
                "step 2 wall: ok, 1 model on This computer, about 6 s", "step 4 export: ok, onnx, about 2 s")
                .containsPattern("ready; about \\d+ s in all \\(an estimate\\)");

        assertThat(cli.exit("demo", "run", file.toString())).as("without --headless").isEqualTo(2);
        assertThat(cli.err()).contains("File › Open demo…").hasLineCount(1);

        Path record = tmp.resolve("rehearsal");
        String ran = cli.run("demo", "run", file.toString(), "--headless", "--record", record.toString());
        assertThat(ran).contains("Step 1/4 · Open cnn.onnx …", "Step 2/4 · ", "This computer · cnn.onnx: p50 ",
                "cnn.onnx on This computer: ", "Exported cnn.onnx into " + record.resolve("export"),
                "Recorded 4 steps into " + record);
        assertThat(record.resolve("export/cnn.onnx")).exists();
        Rehearsal read = Rehearsals.read(record);
        assertThat(read.steps()).extracting(Rehearsal.RecordedStep::done).containsExactly(true, true, true, true);
        RecordedSeries series = read.done(2).orElseThrow().series().get(0);
        assertThat(series.device()).isEqualTo("This computer");
        assertThat(series.model()).isEqualTo("cnn.onnx");
        assertThat(Rehearsals.samples(read, series)).hasSize(series.count()).isNotEmpty();

        assertThat(cli.exit("demo", "run", file.toString(), "--headless", "--record", record.toString())).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("lathe: " + record + " already holds a recording: give a new folder to "
                + "record into" + System.lineSeparator());
    }
}
