package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.files.Json;
import dev.lathe.engine.provenance.Hashing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aModelTheStoreDoesNotKnowIsOneLineAndExitCodeTwo() {
        CliHarness cli = new CliHarness(tmp);
        assertThat(cli.exit("report", SampleFiles.cnn().toString(), "--out", tmp.resolve("r").toString())).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("lathe: cnn.onnx is not in Lathe's store; evaluate or benchmark it first "
                + "(lathe eval, lathe bench), then report on it" + System.lineSeparator());
        assertThat(cli.exit("report", "no-such-model", "--out", tmp.resolve("r").toString())).isEqualTo(2);
        assertThat(cli.err()).startsWith("lathe: No model file, stored model name or SHA-256 is no-such-model;")
                .hasLineCount(1);
        assertThat(tmp.resolve("r")).doesNotExist();
    }

    @Test
    void anOutThatIsAFileIsOneLineAndExitCodeTwo() throws Exception {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        CliHarness cli = new CliHarness(tmp);
        assertThat(cli.exit("report", SampleFiles.cnn().toString(), "--out", file.toString())).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("lathe: " + file + " is a file, not a folder; give a folder to write the "
                + "report into" + System.lineSeparator());
    }

    @Test
    void aReportOfAnEvaluatedModelFoundByItsHashHasThePageItsPdfJsonAndCsv() throws Exception {
        CliHarness cli = new CliHarness(tmp);
        cli.run("eval", SampleFiles.cnn().toString(), "--data", SampleFiles.testImages().toString(), "--limit", "50");
        Path out = tmp.resolve("report");
        String printed = cli.run("report", Hashing.sha256(SampleFiles.cnn()).substring(0, 10), "--out", out.toString());

        assertThat(printed).contains("Report of cnn.onnx's family (1 model)", "report.html", "report.pdf",
                "accuracy.csv");
        assertThat(Files.readString(out.resolve("report.html"))).contains("cnn.onnx")
                .doesNotContain("Nothing has been measured", "<script", "<link", "src=\"http");
        byte[] pdf = Files.readAllBytes(out.resolve("report.pdf"));
        assertThat(new String(pdf, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        JsonNode json = Json.mapper().readTree(out.resolve("report.json").toFile());
        assertThat(json.get("tables").get("accuracy")).singleElement()
                .satisfies(row -> assertThat(row.get("examples").asInt()).isEqualTo(50));
        assertThat(json.get("tables").get("runs")).isEmpty();
        assertThat(Files.readAllLines(out.resolve("runs.csv"))).as("a header, no runs").hasSize(1);
    }
}
