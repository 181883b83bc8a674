package dev.lathe.views.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.views.chart.TrainingPoint;
import org.junit.jupiter.api.Test;

class TrainingFeedTest {
    private final TrainingFeed feed = new TrainingFeed();

    @Test
    void pointsSitAtFractionalEpochsWithTheEpochsRunningMeans() {
        feed.started(2, 4);
        feed.batch(1, 1, 1, 4, 0.75, 0.5);
        feed.batch(2, 1, 2, 4, 0.25, 1.0);
        feed.batch(5, 2, 1, 4, 0.125, 1.0);

        assertThat(feed.drain()).containsExactly(new TrainingPoint(0.25, 0.75, 0.5),
                new TrainingPoint(0.5, 0.5, 0.75), new TrainingPoint(1.25, 0.125, 1.0));
        assertThat(feed.drain()).isEmpty();
    }

    @Test
    void theStatusSaysTheEpochTheLossAndTheTimeLeftUntilTheLastBatch() {
        assertThat(feed.status()).isEmpty();
        feed.started(2, 4);
        feed.batch(1, 1, 1, 4, 0.8, 0.5);
        assertThat(feed.status()).isEqualTo("epoch 1 of 2, loss 0.80");
        feed.batch(2, 1, 2, 4, 0.4, 1.0);
        assertThat(feed.status()).matches("epoch 1 of 2, loss 0\\.60, ETA \\d+ s");
        feed.batch(8, 2, 4, 4, 0.4, 1.0);
        assertThat(feed.status()).isEmpty();
    }

    @Test
    void aPrunesCutsCountOnAcrossTheCurveAndTheStatusSaysWhichCutTrainsAndTheStepsTimeLeft() throws Exception {
        TrainingFeed pruning = new TrainingFeed(new RecipeParser().parse("r.yaml", """
                lathe: 1
                name: r
                steps:
                  - prune: { sparsity: 0.5, schedule: { start: 0.25, steps: 2 } }
                  - finetune: {}
                """));

        pruning.recipeStep(1, 2, "prune");
        pruning.cut(1, 2, 0.25);
        pruning.started(1, 2);
        pruning.batch(1, 1, 1, 2, 0.75, 0.5);
        assertThat(pruning.status()).isEqualTo("step 1 of 2, prune cut 1 of 2 (sparsity 25 %), loss 0.75");
        pruning.batch(2, 1, 2, 2, 0.25, 1.0);
        assertThat(pruning.status()).matches("step 1 of 2, prune cut 1 of 2 \\(sparsity 25 %\\), loss 0\\.50, "
                + "ETA \\d+ s for this step");
        pruning.cut(2, 2, 0.5);
        pruning.started(1, 2);
        pruning.batch(1, 1, 1, 2, 0.6, 0.5);
        assertThat(pruning.status()).startsWith("step 1 of 2, prune cut 2 of 2 (sparsity 50 %), loss 0.60, ETA ");
        pruning.batch(2, 1, 2, 2, 0.6, 0.5);
        assertThat(pruning.status()).as("the step's last batch").isEmpty();
        pruning.recipeStep(2, 2, "finetune");
        pruning.started(1, 4);
        pruning.batch(1, 1, 1, 4, 0.3, 1.0);
        assertThat(pruning.status()).isEqualTo("step 2 of 2, finetune epoch 1 of 1, loss 0.30");

        assertThat(pruning.drain()).containsExactly(
                new TrainingPoint(0.5, 0.75, 0.5, "step 1: prune cut 1/2"),
                new TrainingPoint(1.0, 0.5, 0.75, "step 1: prune cut 1/2"),
                new TrainingPoint(1.5, 0.6, 0.5, "cut 2/2"),
                new TrainingPoint(2.0, 0.6, 0.5, "cut 2/2"),
                new TrainingPoint(2.25, 0.3, 1.0, "step 2: finetune"));
    }

    @Test
    void aDistillStepSaysSoAndARunThatTrainsOnceNeedsNoMarks() {
        feed.recipeStep(1, 1, "distill");
        feed.started(3, 10);
        feed.batch(1, 1, 1, 10, 1.5, 0.25);

        assertThat(feed.status()).isEqualTo("distill epoch 1 of 3, loss 1.50");
        assertThat(feed.drain()).containsExactly(new TrainingPoint(0.1, 1.5, 0.25, "distill"));

        TrainingFeed tuning = new TrainingFeed();
        tuning.recipeStep(1, 1, "finetune");
        tuning.started(1, 10);
        tuning.batch(1, 1, 1, 10, 1.5, 0.25);
        assertThat(tuning.drain()).containsExactly(new TrainingPoint(0.1, 1.5, 0.25, ""));
    }

    @Test
    void durationsReadAsAPersonWouldSayThem() {
        assertThat(TrainingFeed.duration(45)).isEqualTo("45 s");
        assertThat(TrainingFeed.duration(80)).isEqualTo("1 min 20 s");
        assertThat(TrainingFeed.duration(7500)).isEqualTo("2 h 5 min");
    }
}
