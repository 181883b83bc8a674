package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.store.ExperimentStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ExecuTorch programs on the command line: inspected whoever wrote them, refused in one line by every run. */
class PteCommandsTest {
    private static final String NOT_YET = "no runtime for ExecuTorch programs is registered here; ExecuTorch runs on "
            + "devices arrive in a later release; open the ONNX model the program was exported from and benchmark, "
            + "evaluate or optimize that";

    @TempDir
    Path tmp;
    private CliHarness cli;
    private Path pte;

    @BeforeEach
    void exportTheSample() {
        cli = new CliHarness(tmp);
        Path out = tmp.resolve("out");
        cli.run("export", SampleFiles.cnn().toString(), "--format", "pte", "--out", out.toString());
        pte = out.resolve("cnn.pte");
    }

    @Test
    void inspectListsTheDelegateItsNamedDataAndTheArenasWhateverTheFileIsCalled() throws Exception {
        Path renamed = Files.copy(pte, tmp.resolve("program.bin"));
        String text = cli.run("inspect", renamed.toString());
        assertThat(text).startsWith("program.bin  (ExecuTorch program ET12 + eh00")
                .containsPattern("delegate    XnnpackBackend \\(")
                .containsPattern("named data  .* \\(constants delegates read by key\\)")
                .contains("constants   ").contains("0 parameters in constant tensors");
        JsonNode json = CliHarness.json(cli.run("inspect", renamed.toString(), "--json"));
        JsonNode forward = json.get("methods").get(0);
        assertThat(json.get("namedDataBytes").asLong()).isPositive();
        assertThat(forward.get("arenas").size()).isEqualTo(1);
        assertThat(forward.get("arenas").get(0).asLong()).isEqualTo(forward.get("plannedBytes").asLong());
        assertThat(forward.get("calls").get(0).get("op").asText()).isEqualTo("delegate:XnnpackBackend");
    }

    @Test
    void benchEvalOptimizeAndFidelityOfAProgramAreOneLineEachAndStoreNothing() throws Exception {
        String refused = "lathe: cnn.pte: " + NOT_YET;
        Path recipe = Files.writeString(tmp.resolve("fp16.yaml"),
                "lathe: 1\nname: fp16\nsteps:\n  - convert: { precision: fp16 }\n", StandardCharsets.UTF_8);

        assertThat(oneLineError("bench", pte.toString(), "--iterations", "5")).isEqualTo(refused);
        assertThat(oneLineError("eval", pte.toString(), "--data", SampleFiles.testImages().toString()))
                .isEqualTo(refused);
        assertThat(oneLineError("optimize", pte.toString(), "--recipe", recipe.toString(), "--out",
                tmp.resolve("variants").toString())).isEqualTo(refused);
        assertThat(oneLineError("fidelity", SampleFiles.cnn().toString(), pte.toString())).isEqualTo(refused);
        assertThat(tmp.resolve("variants")).doesNotExist();
        try (ExperimentStore store = ExperimentStore.open(cli.dataDir().resolve("lathe.db"))) {
            assertThat(store.models()).noneMatch(m -> m.format() == ModelFormat.PTE);
        }
    }

    @Test
    void aProgramCutShortOrNoProgramAtAllIsOneLine() throws Exception {
        byte[] whole = Files.readAllBytes(pte);
        Path cut = Files.write(tmp.resolve("cut.pte"), Arrays.copyOf(whole, whole.length / 3));
        Path text = Files.writeString(tmp.resolve("notes.pte"), "not a program", StandardCharsets.UTF_8);

        assertThat(oneLineError("inspect", cut.toString())).isEqualTo("lathe: cut.pte: is cut short: its header says "
                + whole.length + " bytes, the file has " + whole.length / 3 + "; copy or export it again");
        assertThat(oneLineError("inspect", text.toString())).startsWith("lathe: notes.pte: is not an ExecuTorch "
                + "program");
        assertThat(oneLineError("bench", cut.toString())).startsWith("lathe: cut.pte: ");
    }

    private String oneLineError(String... args) {
        assertThat(cli.exit(args)).as("exit code; stderr: %s", cli.err()).isEqualTo(2);
        assertThat(cli.err()).as("one line").hasLineCount(1).doesNotContain("Usage").doesNotContain("Exception");
        return cli.err().strip();
    }
}
