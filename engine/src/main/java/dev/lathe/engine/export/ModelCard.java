package dev.lathe.engine.export;

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
import java.util.Locale;
import java.util.Optional;

/**
 * A short Markdown card for an exported variant. Every figure comes from the store; a figure never measured says so
 * rather than being guessed.
 */
final class ModelCard {
    static final String NOT_MEASURED = "not measured";

    private ModelCard() {
    }

    /** @param evaluatedOn the device the evaluation ran on, as the store knows it */
    static String render(StoredVariant variant, Optional<ModelRecord> parent, Optional<StoredEvaluation> evaluation,
                         Optional<DeviceFingerprint> evaluatedOn, Optional<StoredBenchmark> benchmark) {
        ModelRecord m = variant.model();
        Provenance p = variant.provenance();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(m.name()).append("\n\n");
        md.append("Made by Lathe from `").append(parent.map(ModelRecord::name).orElse(p.parentSha256())).append("` with recipe `")
                .append(p.recipeName()).append("`, step ").append(p.stepIndex() + 1).append(" (").append(p.step()).append(").\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "SHA-256", "`" + m.sha256() + "`");
        row(md, "Parent SHA-256", "`" + p.parentSha256() + "`");
        row(md, "File size", m.fileBytes() + " bytes" + parent.map(pr -> String.format(Locale.ROOT,
                " (%.2fx smaller than the parent's %d bytes)", (double) pr.fileBytes() / m.fileBytes(), pr.fileBytes())).orElse(""));
        row(md, "Parameters", "`" + RecipeWriter.inline(p.parameters()) + "`");
        row(md, "Seed", Long.toString(p.seed()));
        row(md, "Calibration data", p.calibrationDatasetSha256().map(s -> "SHA-256 `" + s + "`").orElse("none"));
        row(md, "Made with", "Lathe " + p.latheVersion() + ", ONNX Runtime " + p.onnxRuntimeVersion() + ", " + p.jvm()
                + ", " + p.os() + " " + p.arch() + ", " + Instant.ofEpochMilli(p.createdAtEpochMillis()));
        md.append("\n## Accuracy\n\n").append(evaluation.map(e -> accuracy(e, evaluatedOn)).orElse(NOT_MEASURED + "."))
                .append('\n');
        md.append("\n## Latency\n\n").append(benchmark.map(ModelCard::latency).orElse(NOT_MEASURED + ".")).append('\n');
        if (!variant.report().floatNodes().isEmpty() || !variant.report().warnings().isEmpty()) {
            md.append("\n## Notes\n\n");
            md.append("- ").append(variant.report().quantizedNodes().size()).append(" nodes quantized, ")
                    .append(variant.report().floatNodes().size()).append(" left in float.\n");
            variant.report().warnings().forEach(w -> md.append("- ").append(w).append('\n'));
        }
        return md.toString();
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
        return String.format(Locale.ROOT, "p50 %.3f ms, p99 %.3f ms, %.1f examples/s at batch %d with %d threads, "
                        + "%d runs on %s, %s.", r.stats().p50Ms(), r.stats().p99Ms(), r.throughput(), r.config().batch(),
                r.config().threads(), r.stats().count(), r.device().describe(), b.createdAt());
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(key).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }
}
