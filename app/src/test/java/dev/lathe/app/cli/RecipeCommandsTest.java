package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.provenance.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** optimize, fidelity and export from the command line, into one store, as a user would chain them. */
class RecipeCommandsTest {
    @TempDir
    Path tmp;

    private CliHarness cli;

    @org.junit.jupiter.api.BeforeEach
    void harness() {
        cli = new CliHarness(tmp);
    }

    @Test
    void optimizeListsEachVariantCopiedIntoOutWithItsSizeHashAndTopOne() throws Exception {
        Path recipe = write("static.yaml", "lathe: 1\nname: int8-static\nsteps:\n"
                + "  - quantize: { mode: static, calibration: { method: minmax, samples: 64 } }\n");

        JsonNode j = CliHarness.json(cli.run("optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(), "--out",
                tmp.resolve("out").toString(), "--calib", SampleFiles.testImages().toString(),
                "--data", SampleFiles.testImages().toString(), "--json"));

        JsonNode v = j.get("variants").get(0);
        Path file = Path.of(v.get("path").asText());
        assertThat(j.get("variants")).hasSize(1);
        assertThat(file).isEqualTo(tmp.resolve("out/cnn.int8-static.onnx").toAbsolutePath());
        assertThat(v.get("fileBytes").asLong()).isEqualTo(Files.size(file)).isLessThan(Files.size(SampleFiles.cnn()) / 3);
        assertThat(v.get("sha256").asText()).isEqualTo(Hashing.sha256(file));
        assertThat(v.get("parentSha256").asText()).isEqualTo(Hashing.sha256(SampleFiles.cnn()));
        assertThat(v.get("top1").asDouble()).isBetween(0.85, 1.0);
        assertThat(v.get("parameters").get("mode").asText()).isEqualTo("static");
        JsonNode worst = v.get("layerErrors").get(0);
        assertThat(v.get("layerErrors")).hasSize(6);
        assertThat(worst.get("node").asText()).startsWith("/");
        assertThat(worst.get("sqnrDb").asDouble()).isLessThanOrEqualTo(v.get("layerErrors").get(5).get("sqnrDb").asDouble());
    }

    @Test
    void fidelityAndExportWorkOnAVariantMadeByOptimize() throws Exception {
        Path recipe = write("dyn.yaml", "lathe: 1\nname: dyn\nsteps:\n  - quantize: { mode: dynamic }\n");
        cli.run("optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(), "--out", tmp.resolve("out").toString());
        Path variant = tmp.resolve("out/cnn.dyn.onnx");
        assertThat(cli.out()).contains("cnn.dyn.onnx").contains("smaller than cnn.onnx");

        JsonNode synthetic = CliHarness.json(cli.run("fidelity", SampleFiles.cnn().toString(), variant.toString(), "--samples", "40", "--json"));
        assertThat(synthetic.get("samples").asInt()).isEqualTo(40);
        assertThat(synthetic.get("cosine").asDouble()).isBetween(0.95, 1.0);
        assertThat(synthetic.get("maxAbsError").asDouble()).isPositive();
        assertThat(synthetic.get("top1Agreement").asDouble()).isBetween(0.0, 1.0);

        JsonNode onData = CliHarness.json(cli.run("fidelity", SampleFiles.cnn().toString(), variant.toString(), "--data",
                SampleFiles.testImages().toString(), "--samples", "300", "--json"));
        assertThat(onData.get("samples").asInt()).isEqualTo(300);
        assertThat(onData.get("top1Agreement").asDouble()).isGreaterThan(0.9);

        cli.run("export", variant.toString(), "--out", tmp.resolve("export").toString());
        assertThat(tmp.resolve("export/cnn.dyn.onnx")).exists();
        assertThat(Files.readString(tmp.resolve("export/provenance.json"))).contains("\"parentSha256\"", "\"mode\" : \"dynamic\"");
        assertThat(Files.readString(tmp.resolve("export/model-card.md"))).contains("## Latency\n\nnot measured.");
    }

    @Test
    void theShippedHalfPrecisionRecipeMakesAFileAboutHalfTheSize() throws Exception {
        Path recipe = SampleFiles.root().getParent().getParent().resolve("recipes/fp16.yaml");

        JsonNode j = CliHarness.json(cli.run("optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(), "--out",
                tmp.resolve("out").toString(), "--json"));

        JsonNode v = j.get("variants").get(0);
        assertThat(v.get("step").asText()).isEqualTo("convert");
        assertThat(v.get("fileBytes").asLong()).isLessThan(Files.size(SampleFiles.cnn()) * 6 / 10);
        assertThat(v.has("top1")).isFalse();
    }

    @Test
    void aRecipeWithATypoIsExitTwoNamingTheLineAndTheKey() throws Exception {
        Path recipe = write("typo.yaml", "lathe: 1\nname: t\nsteps:\n  - quantize:\n      mode: static\n      per_chanel: true\n");

        int code = cli.exit("optimize", SampleFiles.cnn().toString(),
                "--recipe", recipe.toString(), "--out", tmp.resolve("out").toString());

        assertThat(code).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith(
                "lathe: typo.yaml line 6: unknown key 'per_chanel' in quantize; did you mean 'per_channel'?").doesNotContain("\n");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void optimizeWithTrainFineTunesThenQuantizesTheTrainedVariant() throws Exception {
        Path recipe = write("ft.yaml", "lathe: 1\nname: ft\nsteps:\n"
                + "  - finetune: { epochs: 1, batch: 64, examples: 256, seed: 5 }\n"
                + "  - quantize: { mode: dynamic }\n");

        JsonNode j = CliHarness.json(cli.run("optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(),
                "--out", tmp.resolve("out").toString(), "--train", SampleFiles.testImages().toString(), "--json"));

        JsonNode trained = j.get("variants").get(0);
        JsonNode quantized = j.get("variants").get(1);
        assertThat(trained.get("step").asText()).isEqualTo("finetune");
        assertThat(trained.get("parameters").get("seed").asLong()).isEqualTo(5);
        assertThat(trained.get("sha256").asText()).isNotEqualTo(Hashing.sha256(SampleFiles.cnn()));
        JsonNode training = trained.get("training");
        assertThat(training.get("epochs").asInt()).isEqualTo(1);
        assertThat(training.get("examples").asInt()).isEqualTo(256);
        assertThat(training.get("finalLoss").asDouble()).isPositive();
        assertThat(training.get("finalAccuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(training.get("millis").asLong()).isPositive();
        assertThat(quantized.get("parentSha256").asText()).isEqualTo(trained.get("sha256").asText());
        assertThat(quantized.has("training")).isFalse();
        assertThat(tmp.resolve("out/cnn.ft.onnx")).exists();
        assertThat(tmp.resolve("out/cnn.ft-2.onnx")).exists();

        cli.run("optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(), "--out",
                tmp.resolve("again").toString(), "--train", SampleFiles.testImages().toString());
        assertThat(cli.out()).contains("trained 1 epoch on 256 examples").contains("final loss");
        assertThat(Hashing.sha256(tmp.resolve("again/cnn.ft.onnx"))).isEqualTo(trained.get("sha256").asText());
    }

    @Test
    void theShippedFinetuneRecipeTrainsATorchScriptModelIntoAPtVariant() throws Exception {
        Path recipe = SampleFiles.root().getParent().getParent().resolve("recipes/finetune.yaml");

        JsonNode j = CliHarness.json(cli.run("optimize", SampleFiles.torchScriptFixture().toString(), "--recipe",
                recipe.toString(), "--input-shape", "1x1x28x28", "--train", SampleFiles.testImages().toString(),
                "--data", SampleFiles.testImages().toString(), "--out", tmp.resolve("out").toString(), "--json"));

        JsonNode v = j.get("variants").get(0);
        assertThat(v.get("name").asText()).isEqualTo("fashion_cnn.finetune.pt");
        assertThat(v.get("step").asText()).isEqualTo("finetune");
        assertThat(v.get("parentSha256").asText()).isEqualTo(Hashing.sha256(SampleFiles.torchScriptFixture()));
        assertThat(v.get("training").get("examples").asInt()).isEqualTo(2048);
        assertThat(v.get("top1").asDouble()).isBetween(0.0, 1.0);
        Path copy = tmp.resolve("out/fashion_cnn.finetune.pt");
        assertThat(Hashing.sha256(copy)).isEqualTo(v.get("sha256").asText());

        JsonNode eval = CliHarness.json(cli.run("eval", copy.toString(), "--data", SampleFiles.testImages().toString(),
                "--limit", "500", "--json"));
        assertThat(eval.get("samples").asInt()).isEqualTo(500);
    }

    @Test
    void aFinetuneRecipeWithoutTrainIsExitTwoNamingTheStepAndTheFlag() throws Exception {
        Path recipe = write("ft.yaml", "lathe: 1\nname: ft\nsteps:\n  - finetune: { epochs: 1 }\n");

        int code = cli.exit("optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(),
                "--out", tmp.resolve("out").toString());

        assertThat(code).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("lathe: recipe ft, step 1 (finetune) trains the model, so it needs a "
                + "labelled training set: give one (--train DATASET)");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void exportingAModelThatIsNoVariantIsExitTwo() {
        int code = cli.exit("export", SampleFiles.cnn().toString(),
                "--out", tmp.resolve("x").toString());

        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).startsWith("lathe: cnn.onnx was not made by a Lathe recipe");
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }
}
