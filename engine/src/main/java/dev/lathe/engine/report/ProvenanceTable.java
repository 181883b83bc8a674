package dev.lathe.engine.report;

import static dev.lathe.engine.report.Column.Shown.COUNT;
import static dev.lathe.engine.report.Column.Shown.HASH;
import static dev.lathe.engine.report.Column.Shown.PROSE;
import static dev.lathe.engine.report.Column.Shown.TIME;
import static dev.lathe.engine.report.Column.figure;
import static dev.lathe.engine.report.Column.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lathe.engine.files.Json;
import dev.lathe.engine.provenance.Provenance;
import dev.lathe.engine.report.FamilyReport.Member;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** How each variant was made: parent, recipe step with every parameter, seed, data hashes, tools and platform. */
final class ProvenanceTable {
    private ProvenanceTable() {
    }

    static Table of(FamilyReport report) {
        List<List<Object>> rows = new ArrayList<>();
        for (Member m : report.members()) {
            if (m.variant().isEmpty()) {
                continue;
            }
            Provenance p = m.variant().get().provenance();
            rows.add(Arrays.asList(m.name(), m.model().sha256(), p.parentSha256(), p.recipeName(), p.stepIndex(),
                    p.step(), json(p.parameters()), p.ran().nothingRecorded() ? "" : json(p.ran().parameters()),
                    changes(p), p.seed(), p.calibrationDatasetSha256().orElse(null),
                    p.evaluationDatasetSha256().orElse(null), p.trainingDatasetSha256().orElse(null),
                    p.latheVersion(), p.onnxRuntimeVersion(), p.jvm(), p.os(), p.arch(),
                    Instant.ofEpochMilli(p.createdAtEpochMillis()).toString()));
        }
        return new Table("provenance", "Provenance", "How each variant was made; the family's root was opened as it is.",
                List.of(text("variant", "Variant"), figure("sha256", "SHA-256", HASH),
                        figure("parent_sha256", "Parent", HASH), text("recipe", "Recipe"),
                        figure("step_index", "Step #", COUNT), text("step", "Step"), figure("parameters", "Parameters", PROSE),
                        figure("ran_with", "Ran with", PROSE), figure("changes", "Changed on its own", PROSE), figure("seed", "Seed", COUNT),
                        figure("calibration_sha256", "Calibration data", HASH),
                        figure("evaluation_sha256", "Evaluation data", HASH),
                        figure("training_sha256", "Training data", HASH), text("lathe_version", "Lathe"),
                        text("onnxruntime_version", "ONNX Runtime"), text("jvm", "JVM"), text("os", "OS"),
                        text("arch", "Arch"), figure("made_at", "Made (UTC)", TIME)), rows);
    }

    private static String changes(Provenance p) {
        List<String> lines = new ArrayList<>();
        p.ran().changes().forEach(c -> lines.add(c.kind() + ": " + c.why()));
        return String.join("; ", lines);
    }

    private static String json(Map<String, Object> map) {
        try {
            return Json.mapper().writeValueAsString(map);
        } catch (JsonProcessingException e) {
            return String.valueOf(map);
        }
    }
}
