package dev.lathe.engine.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutated recipes from issue 12: each is one line naming the line and the key, never an internal error. */
class RecipeBoundsTest {
    private final RecipeParser parser = new RecipeParser();

    @TempDir
    Path tmp;

    @Test
    void yamlInfinitiesAndNotANumberAreRefusedAsNotFinite() {
        assertThatThrownBy(() -> parser.parse("r.yaml", quantize("accuracy_budget: .inf")))
                .isInstanceOf(RecipeException.class)
                .hasMessage("r.yaml line 4: 'accuracy_budget' must be a finite number, not '.inf'");
        assertThatThrownBy(() -> parser.parse("r.yaml", "lathe: 1\nname: p\nsteps:\n  - prune:\n      sparsity: -.inf\n"))
                .hasMessage("r.yaml line 5: 'sparsity' must be a finite number, not '-.inf'");
        assertThatThrownBy(() -> parser.parse("r.yaml", quantize("calibration: { percentile: .NaN }")))
                .hasMessage("r.yaml line 4: 'percentile' must be a finite number, not '.NaN'");
        assertThatThrownBy(() -> parser.parse("r.yaml", quantize("calibration: { percentile: 1e400 }")))
                .hasMessage("r.yaml line 4: 'percentile' must be a finite number, not '1e400'");
    }

    @Test
    void calibrationSamplesPastTheBoundSayTheBoundNotOneOrMore() {
        assertThatThrownBy(() -> parser.parse("r.yaml", quantize("calibration: { samples: 2147483648 }")))
                .hasMessage("r.yaml line 4: 'samples' is too large: 2147483648");
        assertThatThrownBy(() -> parser.parse("r.yaml", quantize("calibration: { samples: 2000000 }")))
                .hasMessage("r.yaml line 4: 'samples' is how many examples calibrate: from 1 to 1,000,000, like 512, "
                        + "not 2000000");
        assertThatThrownBy(() -> parser.parse("r.yaml", "lathe: 1\nname: f\nsteps:\n  - finetune: { epochs: 2147483648 }\n"))
                .hasMessage("r.yaml line 4: 'epochs' is too large: 2147483648");
        assertThatThrownBy(() -> parser.parse("r.yaml", "lathe: 1\nname: d\nsteps:\n  - distill:\n      student: "
                + "{ family: mlp, layers: [99999999999999999999] }\n"))
                .hasMessage("r.yaml line 5: 'layers' lists a number too large: 99999999999999999999");
    }

    @Test
    void wholeNumbersAreReadAsYamlWritesThem() throws Exception {
        Recipe r = parser.parse("r.yaml", quantize("calibration: { samples: 0x100 }"));
        assertThat(((RecipeStep.Quantize) r.steps().get(0)).spec().calibration().samples()).isEqualTo(256);
    }

    @Test
    void aSecondYamlDocumentIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> parser.parse("r.yaml", "lathe: 1\nname: a\nsteps:\n  - convert: { precision: fp16 }\n"
                + "---\nlathe: 1\nname: b\n"))
                .hasMessage("r.yaml line 6: a second YAML document starts here (after '---'); a recipe is one document: "
                        + "remove it, or put it in a file of its own");
    }

    @Test
    void aSixtyFourMegabyteRecipeIsRefusedBeforeItIsRead() throws Exception {
        Path big = tmp.resolve("big.yaml");
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write("lathe: 1\nname: big\nsteps:\n  - quantize:\n      mode: dynamic\n      exclude: [".getBytes(
                    StandardCharsets.US_ASCII));
            byte[] items = "\"layr\", ".repeat(1 << 17).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 64; i++) {
                out.write(items);
            }
            out.write("]\n".getBytes(StandardCharsets.US_ASCII));
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> parser.parse(big))
                .hasMessage("big.yaml: is 64.0 MiB; a recipe is at most 1 MiB (the examples in recipes/ are under 2 KB)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void deepNestingIsRefusedAtItsLine() {
        String deep = "lathe: 1\nname: n\nsteps: " + "[".repeat(30) + "]".repeat(30) + "\n";
        assertThatThrownBy(() -> parser.parse("r.yaml", deep))
                .hasMessage("r.yaml line 3: mappings and lists nest more than 20 deep here; a recipe needs at most 7 "
                        + "levels");
    }

    @Test
    void aMessageQuotingAMultiLineValueStaysOneLine() {
        // Found by RecipeParserFuzzTest: a folded block scalar put its line break into the message.
        assertThatThrownBy(() -> parser.parse("r.yaml", "lathe: >\n  - prune:\nname: x\n"))
                .hasMessage("r.yaml line 1: 'lathe' must be a whole number, not '- prune:\\n'");
    }

    @Test
    void aLinkToDevZeroIsRefusedNotReadForever() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("zero.yaml"), Path.of("/dev/zero"));
        assertThatThrownBy(() -> parser.parse(link))
                .hasMessage("zero.yaml: is not a regular file (a device, a pipe or a socket, here /dev/zero)");
    }

    private static String quantize(String line) {
        return "lathe: 1\nname: q\nsteps:\n  - quantize: { mode: static, " + line + " }\n";
    }

}
