package dev.lathe.views.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.views.chart.TrainingPoint;
import org.junit.jupiter.api.Test;

class TrainingFeedTest {
    private final TrainingFeed feed = new TrainingFeed(2);

    @Test
    void pointsSitAtFractionalEpochsWithTheEpochsRunningMeans() {
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
        feed.batch(1, 1, 1, 4, 0.8, 0.5);
        assertThat(feed.status()).isEqualTo("epoch 1 of 2, loss 0.80");
        feed.batch(2, 1, 2, 4, 0.4, 1.0);
        assertThat(feed.status()).matches("epoch 1 of 2, loss 0\\.60, ETA \\d+ s");
        feed.batch(8, 2, 4, 4, 0.4, 1.0);
        assertThat(feed.status()).isEmpty();
    }

    @Test
    void durationsReadAsAPersonWouldSayThem() {
        assertThat(TrainingFeed.duration(45)).isEqualTo("45 s");
        assertThat(TrainingFeed.duration(80)).isEqualTo("1 min 20 s");
        assertThat(TrainingFeed.duration(7500)).isEqualTo("2 h 5 min");
    }
}
