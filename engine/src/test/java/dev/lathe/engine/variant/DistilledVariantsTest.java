package dev.lathe.engine.variant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredVariant;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A distill step end to end through a recipe: a small student trained on the sample CNN's soft targets, stored. */
class DistilledVariantsTest {
    @TempDir
    Path tmp;

    @Test
    void aDistillStepStoresAStudentWithFewerParametersTrainedOnTheTeachersOutputs() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), new QuantizeSteps(Samples.runtimes()));
        ModelRecord teacher = workbench.open(Samples.cnn());
        HeardTraining heard = new HeardTraining();

        StoredVariant v = workbench.optimize(teacher, OptimizeRequest.of(new RecipeParser().parse("d.yaml", """
                lathe: 1
                name: student
                seed: 5
                steps:
                  - distill: { student: { width: 0.5 }, epochs: 2, examples: 1024 }
                """)).withEvaluation(Samples.testImages()).withTraining(Samples.testImages())
                .withListener(heard), Progress.NONE).get(0);

        assertThat(v.model().name()).isEqualTo("cnn.student.onnx");
        assertThat(v.model().parentSha256()).contains(teacher.sha256());
        assertThat(v.model().summary().parameters()).isLessThan(teacher.summary().parameters() / 3);
        assertThat(v.provenance().step()).isEqualTo("distill");
        assertThat(v.provenance().seed()).isEqualTo(5);
        assertThat(v.provenance().trainingDatasetSha256()).isPresent();
        assertThat(v.report().training().orElseThrow().examples()).isEqualTo(1024);
        assertThat(heard.heard()).as("the student's epochs, for a live curve")
                .containsExactly("step 1/1 distill", "started 2x16", "epoch 1", "epoch 2");
        assertThat(heard.batches()).isEqualTo(2 * 1024 / 64);
        assertThat(v.evaluation().orElseThrow().result().top1()).as("a student, not a random network").isGreaterThan(0.5);
    }
}
