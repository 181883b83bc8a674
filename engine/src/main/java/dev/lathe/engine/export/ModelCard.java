package dev.lathe.engine.export;

import dev.lathe.engine.hardware.ByteSize;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.provenance.Provenance;
import dev.lathe.engine.recipe.RecipeWriter;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.store.StoredVariant;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A short Markdown card for an exported model. Every figure comes from the store or from the file written; a figure
 * never measured says so rather than being guessed.
 */
public final class ModelCard {
    static final String NOT_MEASURED = "not measured";

    private ModelCard() {
    }

    /**
     * A program made from the source model (an ExecuTorch {@code .pte}): its file name, what it is, and its facts as
     * rows of a table.
     */
    public record Program(String fileName, String description, Map<String, String> facts) {
        public Program {
            facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        }
    }

    /** The card of the source model itself. */
    public static String render(ExportSource source) {
        return render(source, Optional.empty());
    }

    /**
     * With a program, the card is the program's: its facts first, then the source model's own card, whose accuracy
     * and latency were measured on the source, as their headings say.
     */
    public static String render(ExportSource source, Optional<Program> program) {
        ModelRecord m = source.model();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(program.map(Program::fileName).orElse(m.name())).append("\n\n");
        program.ifPresent(p -> {
            md.append(p.description()).append("\n\n| | |\n|---|---|\n");
            p.facts().forEach((k, v) -> row(md, k, v));
            md.append("\n## Source model: ").append(m.name()).append("\n\n");
        });
        if (source.variant().isPresent()) {
            made(md, source.variant().get(), source.parent());
        } else {
            opened(md, m);
        }
        String of = program.isPresent() ? " (of the source model)" : "";
        md.append("\n## Accuracy").append(of).append("\n\n")
                .append(source.evaluation().map(e -> accuracy(e, source.evaluatedOn())).orElse(NOT_MEASURED + "."))
                .append('\n');
        md.append("\n## Latency").append(of).append("\n\n")
                .append(source.benchmark().map(ModelCard::latency).orElse(NOT_MEASURED + ".")).append('\n');
        source.variant().ifPresent(v -> notes(md, v));
        return md.toString();
    }

    private static void made(StringBuilder md, StoredVariant variant, Optional<ModelRecord> parent) {
        ModelRecord m = variant.model();
        Provenance p = variant.provenance();
        md.append("Made by Lathe from `").append(parent.map(ModelRecord::name).orElse(p.parentSha256())).append("` with recipe `")
                .append(p.recipeName()).append("`, step ").append(p.stepIndex() + 1).append(" (").append(p.step()).append(").\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "SHA-256", "`" + m.sha256() + "`");
        row(md, "Parent SHA-256", "`" + p.parentSha256() + "`");
        row(md, "File size", m.fileBytes() + " bytes" + parent.map(pr -> " (" + ByteSize.comparedWith(m.fileBytes(),
                pr.fileBytes()) + " the parent's " + pr.fileBytes() + " bytes)").orElse(""));
        row(md, "Parameters", "`" + RecipeWriter.inline(p.parameters()) + "`");
        row(md, "Seed", Long.toString(p.seed()));
        row(md, "Calibration data", p.calibrationDatasetSha256().map(s -> "SHA-256 `" + s + "`").orElse("none"));
        row(md, "Made with", "Lathe " + p.latheVersion() + ", ONNX Runtime " + p.onnxRuntimeVersion() + ", " + p.jvm()
                + ", " + p.os() + " " + p.arch() + ", " + Instant.ofEpochMilli(p.createdAtEpochMillis()));
    }

    private static void opened(StringBuilder md, ModelRecord m) {
        md.append("Not made by Lathe: the model as it was opened, with no recipe step.\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "SHA-256", "`" + m.sha256() + "`");
        row(md, "Format", m.format().displayName());
        row(md, "File size", m.fileBytes() + " bytes");
        row(md, "Weights", String.format(Locale.ROOT, "%,d parameters", m.parameters()));
        row(md, "Opened in Lathe", m.addedAt().toString());
    }

    private static void notes(StringBuilder md, StoredVariant variant) {
        if (!variant.report().floatNodes().isEmpty() || !variant.report().warnings().isEmpty()) {
            md.append("\n## Notes\n\n");
            md.append("- ").append(variant.report().quantizedNodes().size()).append(" nodes quantized, ")
                    .append(variant.report().floatNodes().size()).append(" left in float.\n");
            variant.report().warnings().forEach(w -> md.append("- ").append(w).append('\n'));
        }
    }

    /** An int8 model's accuracy depends on the device's int8 kernels, so the line names them. */
    private static String accuracy(StoredEvaluation e, Optional<DeviceFingerprint> device) {
        EvaluationResult r = e.result();
        return String.format(Locale.ROOT, "Top-1 %.2f %%%s on %d examples of `%s` (SHA-256 `%s`), device `%s`%s, %s.",
                r.top1() * 100, r.top5().map(t -> String.format(Locale.ROOT, ", top-5 %.2f %%", t * 100)).orElse(""),
                r.samples(), e.datasetName(), e.datasetSha256(), e.deviceId(),
                device.map(d -> " (int8 " + d.int8Path().label() + ")").orElse(""), e.createdAt());
    }

    private static String latency(StoredBenchmark b) {
        BenchmarkResult r = b.result();
        return String.format(Locale.ROOT, "p50 %.3f ms, p99 %.3f ms, %.1f examples/s at batch %d with %d thread%s, "
                        + "%d runs on %s, %s.", r.stats().p50Ms(), r.stats().p99Ms(), r.throughput(), r.config().batch(),
                r.config().threads(), r.config().threads() == 1 ? "" : "s", r.stats().count(), r.device().describe(),
                b.createdAt());
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(key).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }
}
