package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.runtime.executorch.Runner;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.ExperimentStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ExecuTorch programs on the command line: inspected whoever wrote them, benchmarked, evaluated and compared on this
 * computer's ExecuTorch runner, refused in one line by recipes.
 */
class PteCommandsTest {
    private static final String NO_RECIPES = "recipes change ONNX and TorchScript models, not ExecuTorch programs; "
            + "optimize the ONNX model the program was exported from, then export the variant";

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
    void benchEvalAndFidelityOfAProgramRunOnThisComputersExecuTorchRunner() throws Exception {
        Runner.require();

        String bench = cli.run("bench", pte.toString(), "--warmup", "5", "--iterations", "50");
        String eval = cli.run("eval", pte.toString(), "--data", SampleFiles.testImages().toString(), "--limit", "200");
        String fidelity = cli.run("fidelity", SampleFiles.cnn().toString(), pte.toString());

        assertThat(bench).contains("cnn.pte, input 1x1x28x28, 1 thread, ExecuTorch 1.4.1").contains("50 runs");
        assertThat(eval).contains("ExecuTorch 1.4.1");
        assertThat(fidelity).contains("cnn.pte against cnn.onnx on 256 examples").contains("top-1 agreement 100.00 %");
        try (ExperimentStore store = ExperimentStore.open(cli.dataDir().resolve("lathe.db"))) {
            ModelRecord program = store.models().stream().filter(m -> m.format() == ModelFormat.PTE).findFirst()
                    .orElseThrow();
            assertThat(store.benchmarks(program.sha256())).hasSize(1);
        }
    }

    @Test
    void optimizingAProgramIsOneLineSayingWhatToDoInsteadAndStoresNothing() throws Exception {
        Path recipe = Files.writeString(tmp.resolve("fp16.yaml"),
                "lathe: 1\nname: fp16\nsteps:\n  - convert: { precision: fp16 }\n", StandardCharsets.UTF_8);

        assertThat(oneLineError("optimize", pte.toString(), "--recipe", recipe.toString(), "--out",
                tmp.resolve("variants").toString())).isEqualTo("lathe: cnn.pte: " + NO_RECIPES);
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
