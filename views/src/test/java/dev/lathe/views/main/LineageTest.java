package dev.lathe.views.main;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.store.ModelRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LineageTest {

    @Test
    void aVariantSitsUnderItsParent() {
        ModelRecord base = record("base", null);
        ModelRecord int8 = record("int8", "base");
        ModelRecord pruned = record("pruned", "int8");
        Lineage lineage = new Lineage(List.of(pruned, base, int8));
        assertThat(lineage.roots()).containsExactly(base);
        assertThat(lineage.childrenOf(base)).containsExactly(int8);
        assertThat(lineage.childrenOf(int8)).containsExactly(pruned);
    }

    @Test
    void aVariantWhoseParentIsUnknownIsStillShown() {
        ModelRecord orphan = record("orphan", "gone");
        ModelRecord self = record("self", "self");
        assertThat(new Lineage(List.of(orphan, self)).roots()).containsExactly(orphan, self);
    }

    private static ModelRecord record(String sha, String parent) {
        ModelSummary summary = new ModelSummary(sha + ".onnx", ModelFormat.ONNX, sha, 1, "", Optional.empty(), Map.of(),
                List.of(), List.of(), 0, 0, Map.of(), List.of(), Map.of());
        return new ModelRecord(sha, Optional.ofNullable(parent), sha + ".onnx", Path.of(sha + ".onnx"),
                ModelFormat.ONNX, 1, 0, summary, Optional.empty(), Instant.EPOCH);
    }
}
