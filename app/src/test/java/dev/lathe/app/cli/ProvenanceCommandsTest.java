package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.provenance.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lathe provenance diff and remake on variants made by lathe optimize. */
class ProvenanceCommandsTest {
    @TempDir
    Path tmp;

    private CliHarness cli;

    @BeforeEach
    void harness() {
        cli = new CliHarness(tmp);
    }

    @Test
    void diffOfTwoVariantsThatDifferInTheirPercentileListsThatAndTheFilesTheyMade() throws Exception {
        Path fine = optimize("99.99", "fine");
        Path coarse = optimize("99.9", "coarse");
        String fineSha = Hashing.sha256(fine.resolve("cnn.p.onnx"));
        String coarseSha = Hashing.sha256(coarse.resolve("cnn.p.onnx"));

        cli.run("provenance", "diff", fine.resolve("cnn.p.provenance.json").toString(),
                coarse.resolve("cnn.p.onnx").toString());

        assertThat(cli.out()).isEqualTo("parameters.calibration.percentile: 99.99 → 99.9\n"
                + "ran.parameters.calibration.percentile: 99.99 → 99.9\n"
                + "variantSha256: " + fineSha + " → " + coarseSha + "\n");
        JsonNode j = CliHarness.json(cli.run("provenance", "diff", fine.resolve("cnn.p.provenance.json").toString(),
                coarse.resolve("cnn.p.provenance.json").toString(), "--json"));
        assertThat(j.get("identical").asBoolean()).isFalse();
        assertThat(j.get("differences")).hasSize(3);
        assertThat(j.get("differences").get(0).get("path").asText()).isEqualTo("parameters.calibration.percentile");
        assertThat(j.get("differences").get(0).get("b").asText()).isEqualTo("99.9");
    }

    @Test
    void aVariantMadeAgainFromItsProvenanceIsByteIdenticalAndDiffsAsIdenticalButForItsTime() throws Exception {
        Path out = optimize("99.99", "out");
        Path provenance = out.resolve("cnn.p.provenance.json");
        String sha = Hashing.sha256(out.resolve("cnn.p.onnx"));

        JsonNode r = CliHarness.json(cli.run("provenance", "remake", provenance.toString(), "--model",
                SampleFiles.cnn().toString(), "--calib", SampleFiles.testImages().toString(), "--json"));
        cli.run("provenance", "remake", out.resolve("cnn.p.onnx").toString(), "--model", SampleFiles.cnn().toString(),
                "--calib", SampleFiles.testImages().toString());
        String text = cli.out();
        cli.run("provenance", "diff", provenance.toString(), provenance.toString());

        assertThat(r.get("identical").asBoolean()).isTrue();
        assertThat(r.get("sha256").asText()).isEqualTo(sha).isEqualTo(r.get("recordedSha256").asText());
        assertThat(text).contains("byte-identical to the recorded variant (SHA-256 " + sha + ")");
        assertThat(cli.out()).isEqualTo("identical\n");
    }

    @Test
    void remakeOnAnotherParentOrWithoutItsCalibrationSetIsOneLineAndExitTwo() throws Exception {
        Path provenance = optimize("99.99", "out").resolve("cnn.p.provenance.json");
        Path other = tmp.resolve("out/cnn.p.onnx");

        int wrongParent = cli.exit("provenance", "remake", provenance.toString(), "--model", other.toString(),
                "--calib", SampleFiles.testImages().toString());
        String parentLine = cli.err();
        int noCalib = cli.exit("provenance", "remake", provenance.toString(), "--model", SampleFiles.cnn().toString());

        assertThat(wrongParent).isEqualTo(2);
        assertThat(parentLine).startsWith("lathe: cnn.p.onnx (SHA-256 ").contains(") is not the model this variant "
                + "was made from (" + Hashing.sha256(SampleFiles.cnn()).substring(0, 12)).endsWith("; give that one\n");
        assertThat(noCalib).isEqualTo(2);
        assertThat(cli.err()).startsWith("lathe: the variant was calibrated on a dataset with SHA-256 ")
                .endsWith("…; give it with --calib DATASET\n");
    }

    private Path optimize(String percentile, String folder) throws Exception {
        Path recipe = Files.writeString(tmp.resolve("p" + folder + ".yaml"), "lathe: 1\nname: p\nsteps:\n  - quantize: "
                + "{ mode: static, calibration: { method: percentile, percentile: " + percentile + ", samples: 64 } }\n");
        cli.run("optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(), "--out",
                tmp.resolve(folder).toString(), "--calib", SampleFiles.testImages().toString());
        return tmp.resolve(folder);
    }
}
