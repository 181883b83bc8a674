package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.store.ExperimentStore;
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
        assertThat(j.get("calibrationDataset").asText()).isEqualTo("t10k-images-idx3-ubyte.gz");
    }

    @Test
    void withoutCalibTheTrainingDataCalibratesAndTheOutputSaysWhichDataEachFigureUsed() throws Exception {
        Path recipe = write("static.yaml", "lathe: 1\nname: int8-static\nsteps:\n"
                + "  - quantize: { mode: static, calibration: { method: minmax, samples: 32 } }\n");

        String said = cli.run("optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(), "--out",
                tmp.resolve("out").toString(), "--train", SampleFiles.testImages().toString());

        assertThat(said).startsWith("calibrated on t10k-images-idx3-ubyte.gz (the --train data; --calib picks "
                + "another)\n").contains("x smaller than cnn.onnx)");
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
        assertThat(cli.run("fidelity", SampleFiles.cnn().toString(), variant.toString(), "--samples", "40"))
                .as("a synthetic figure says so, and why it reads lower than one on data")
                .contains("top-1 agreement ").contains(" on synthetic inputs\n")
                .contains("(random inputs are far from the data the model learnt, so near-ties between classes flip "
                        + "and agreement reads lower than on real data; give --data for the figure on real data)");

        JsonNode onData = CliHarness.json(cli.run("fidelity", SampleFiles.cnn().toString(), variant.toString(), "--data",
                SampleFiles.testImages().toString(), "--samples", "300", "--json"));
        assertThat(onData.get("samples").asInt()).isEqualTo(300);
        assertThat(onData.get("top1Agreement").asDouble()).isGreaterThan(0.9);

        cli.run("export", variant.toString(), "--out", tmp.resolve("export").toString());
        assertThat(tmp.resolve("export/cnn.dyn.onnx")).exists();
        assertThat(Files.readString(tmp.resolve("export/cnn.dyn.provenance.json"))).contains("\"parentSha256\"",
                "\"mode\" : \"dynamic\"");
        assertThat(Files.readString(tmp.resolve("export/cnn.dyn.model-card.md"))).contains("## Latency\n\nnot measured.");
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
    void optimizeRefusesToReplaceAFileInOutBeforeAnyWorkAndReplacesItWithForce() throws Exception {
        Path recipe = write("dyn.yaml", "lathe: 1\nname: dyn\nsteps:\n  - quantize: { mode: dynamic }\n");
        Path mine = Files.writeString(Files.createDirectories(tmp.resolve("out")).resolve("cnn.dyn.onnx"), "my model");

        int code = cli.exit("optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(), "--out",
                tmp.resolve("out").toString());

        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("lathe: " + mine + " already exists; give --force to replace it, or another "
                + "--out\n");
        assertThat(mine).hasContent("my model");
        assertNoVariantStored();

        cli.run("optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(), "--out",
                tmp.resolve("out").toString(), "--force");
        assertThat(Files.size(mine)).isGreaterThan(100_000);
    }

    @Test
    void optimizeWritesEachVariantsProvenanceBesideItsCopyAsExportWritesIt() throws Exception {
        Path recipe = write("two.yaml", "lathe: 1\nname: two\nsteps:\n  - quantize: { mode: dynamic }\n"
                + "  - convert: { precision: fp16 }\n");

        JsonNode j = CliHarness.json(cli.run("optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(),
                "--out", tmp.resolve("out").toString(), "--json"));

        Path first = tmp.resolve("out/cnn.two.provenance.json");
        Path second = tmp.resolve("out/cnn.two-2.provenance.json");
        assertThat(j.get("variants").get(0).get("provenancePath").asText()).isEqualTo(first.toAbsolutePath().toString());
        JsonNode written = CliHarness.json(Files.readString(second));
        assertThat(written.get("parentSha256").asText()).isEqualTo(j.get("variants").get(0).get("sha256").asText());
        assertThat(written.get("step").asText()).isEqualTo("convert");
        assertThat(written.get("ran").get("parameters").get("precision").asText()).isEqualTo("fp16");
        assertThat(CliHarness.json(Files.readString(first)).get("ran").get("parameters").get("reduce_range").asText())
                .isEqualTo("auto");

        cli.run("export", tmp.resolve("out/cnn.two.onnx").toString(), "--out", tmp.resolve("out").toString());
        assertThat(cli.err()).as("export finds the very provenance optimize wrote, and replaces nothing").isEmpty();
        cli.run("export", tmp.resolve("out/cnn.two.onnx").toString(), "--out", tmp.resolve("export").toString());
        assertThat(Files.readString(tmp.resolve("export/cnn.two.provenance.json"))).isEqualTo(Files.readString(first));
    }

    @Test
    void optimizeRefusesToReplaceAProvenanceFileInOutBeforeAnyWork() throws Exception {
        Path recipe = write("dyn.yaml", "lathe: 1\nname: dyn\nsteps:\n  - quantize: { mode: dynamic }\n");
        Path mine = Files.writeString(Files.createDirectories(tmp.resolve("out")).resolve("cnn.dyn.provenance.json"),
                "{}");

        int code = cli.exit("optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(), "--out",
                tmp.resolve("out").toString());

        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("lathe: " + mine + " already exists; give --force to replace it, or another "
                + "--out\n");
        assertThat(mine).hasContent("{}");
        assertThat(tmp.resolve("out/cnn.dyn.onnx")).doesNotExist();
        assertNoVariantStored();

        cli.run("optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(), "--out",
                tmp.resolve("out").toString(), "--force");
        assertThat(Files.readString(mine)).contains("\"parentSha256\"");
    }

    @Test
    void anOptimizeWhoseOutIsAFileFailsBeforeAnyWorkAndStoresNothing() throws Exception {
        Path recipe = write("dyn.yaml", "lathe: 1\nname: dyn\nsteps:\n  - quantize: { mode: dynamic }\n");
        Path file = write("notes.txt", "x");

        assertThat(cli.exit("optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(), "--out",
                file.toString())).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("lathe: --out " + file + " is a file, not a folder; give a folder to copy the "
                + "variants into\n");
        assertThat(cli.exit("optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(), "--out",
                file.resolve("sub").toString())).isEqualTo(2);
        assertThat(cli.err()).startsWith("lathe: --out " + file.resolve("sub") + " cannot be made: ");
        assertNoVariantStored();
        assertThat(file).hasContent("x");
    }

    @Test
    void twoVariantsExportIntoOneFolderEachWithItsOwnProvenanceAndCard() throws Exception {
        Path dyn = write("dyn.yaml", "lathe: 1\nname: dyn\nsteps:\n  - quantize: { mode: dynamic }\n");
        Path half = write("half.yaml", "lathe: 1\nname: half\nsteps:\n  - convert: { precision: fp16 }\n");
        cli.run("optimize", SampleFiles.cnn().toString(), "--recipe", dyn.toString(), "--out", tmp.resolve("out").toString());
        cli.run("optimize", SampleFiles.cnn().toString(), "--recipe", half.toString(), "--out", tmp.resolve("out").toString());

        cli.run("export", tmp.resolve("out/cnn.dyn.onnx").toString(), "--out", tmp.resolve("export").toString());
        cli.run("export", tmp.resolve("out/cnn.half.onnx").toString(), "--out", tmp.resolve("export").toString());

        try (var files = Files.list(tmp.resolve("export"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("cnn.dyn.onnx",
                    "cnn.dyn.provenance.json", "cnn.dyn.model-card.md", "cnn.half.onnx", "cnn.half.provenance.json",
                    "cnn.half.model-card.md");
        }
        assertThat(Files.readString(tmp.resolve("export/cnn.half.provenance.json"))).contains("\"precision\" : \"fp16\"");
        assertThat(cli.out()).isEqualTo(tmp.resolve("export/cnn.half.onnx") + "\n"
                + tmp.resolve("export/cnn.half.provenance.json") + "\n" + tmp.resolve("export/cnn.half.model-card.md") + "\n");
    }

    @Test
    void exportRefusesToReplaceAFileOfTheSameNameAndWritesNothingUnlessForced() throws Exception {
        Path recipe = write("dyn.yaml", "lathe: 1\nname: dyn\nsteps:\n  - quantize: { mode: dynamic }\n");
        cli.run("optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(), "--out", tmp.resolve("out").toString());
        Path card = Files.writeString(Files.createDirectories(tmp.resolve("export")).resolve("cnn.dyn.model-card.md"),
                "my notes");
        String variant = tmp.resolve("out/cnn.dyn.onnx").toString();

        assertThat(cli.exit("export", variant, "--out", tmp.resolve("export").toString())).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("lathe: " + card + " already exists; give --force to replace it (nothing was "
                + "written)\n");
        assertThat(card).hasContent("my notes");
        assertThat(tmp.resolve("export/cnn.dyn.onnx")).doesNotExist();

        cli.run("export", variant, "--out", tmp.resolve("export").toString(), "--force");
        assertThat(Files.readString(card)).startsWith("# cnn.dyn.onnx");
        cli.run("export", variant, "--out", tmp.resolve("export").toString());
        assertThat(cli.err()).as("the same files again replace nothing").isEmpty();
    }

    private void assertNoVariantStored() throws Exception {
        try (ExperimentStore store = ExperimentStore.open(cli.dataDir().resolve("lathe.db"))) {
            assertThat(store.variants().children(Hashing.sha256(SampleFiles.cnn()))).isEmpty();
        }
        Path variants = cli.dataDir().resolve("variants");
        if (Files.isDirectory(variants)) {
            try (var files = Files.list(variants)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void aModelThatIsNoVariantIsExportedWithAProvenanceThatSaysLatheDidNotMakeIt() throws Exception {
        Path out = tmp.resolve("x");
        String printed = cli.run("export", SampleFiles.cnn().toString(), "--out", out.toString());

        assertThat(printed.lines()).containsExactly(out.resolve("cnn.onnx").toString(),
                out.resolve("cnn.provenance.json").toString(), out.resolve("cnn.model-card.md").toString());
        assertThat(out.resolve("cnn.onnx")).hasSameBinaryContentAs(SampleFiles.cnn());
        JsonNode provenance = CliHarness.json(Files.readString(out.resolve("cnn.provenance.json")));
        assertThat(provenance.get("stepIndex").asInt()).isEqualTo(-1);
        assertThat(provenance.get("recipeName").asText()).isEmpty();
        assertThat(Files.readString(out.resolve("cnn.model-card.md"))).contains("Not made by Lathe");
        assertThat(cli.run("provenance", "diff", out.resolve("cnn.provenance.json").toString(),
                out.resolve("cnn.provenance.json").toString())).contains("identical");
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }
}
