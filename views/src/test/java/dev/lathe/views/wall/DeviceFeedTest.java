package dev.lathe.views.wall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.device.TelemetrySample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class DeviceFeedTest {

    @Test
    void manySamplesBecomeOneFrameWithBoundedPointsAndPercentilesWithinOnePercent() {
        DeviceFeed feed = new DeviceFeed("board");
        Random random = new Random(3);
        long[] all = new long[50_000];
        for (int i = 0; i < all.length; i++) {
            all[i] = 200_000 + (long) (Math.abs(random.nextGaussian()) * 300_000);
            feed.sample(i, all[i]);
        }

        PanelFrame frame = feed.frame().orElseThrow();

        LatencyStats exact = LatencyStats.of(all);
        assertThat(frame.count()).isEqualTo(all.length);
        assertThat(frame.runs().length).isLessThanOrEqualTo(DeviceFeed.MAX_POINTS).isGreaterThan(100);
        assertThat(frame.runs()[frame.runs().length - 1]).isGreaterThan(all.length - 20);
        assertThat(frame.p50Ms()).isCloseTo(exact.p50Ms(), within(exact.p50Ms() * 0.01));
        assertThat(frame.p90Ms()).isCloseTo(exact.p90Ms(), within(exact.p90Ms() * 0.01));
        assertThat(frame.p99Ms()).isCloseTo(exact.p99Ms(), within(exact.p99Ms() * 0.01));
        assertThat(frame.bins().length).isBetween(10, DeviceFeed.BINS);
        assertThat(frame.binFromMs()).isLessThanOrEqualTo(exact.minMs());
        long binned = 0;
        for (long b : frame.bins()) {
            binned += b;
        }
        assertThat(binned).isBetween((long) (all.length * 0.98), (long) all.length);

        feed.measured(exact);
        PanelFrame stored = feed.frame().orElseThrow();
        assertThat(stored.p50Ms()).as("once stored, the run's own figures, as in the table").isEqualTo(exact.p50Ms());
        assertThat(stored.p90Ms()).isEqualTo(exact.p90Ms());
        assertThat(stored.p99Ms()).isEqualTo(exact.p99Ms());
        feed.begin("next variant");
        feed.sample(0, 1_000_000);
        assertThat(feed.frame().orElseThrow().p50Ms()).as("the next run starts from the sketch again")
                .isCloseTo(1.0, within(0.01));
    }

    @Test
    void noFrameWhenNothingChangedAndTheLatestTelemetryAndStatusWhenSomethingDid() {
        DeviceFeed feed = new DeviceFeed("board");
        feed.sample(0, 1_000_000);
        assertThat(feed.frame()).isPresent();
        assertThat(feed.frame()).isEmpty();

        feed.telemetry(new TelemetrySample(1, List.of(50.0), List.of(1_500_000L), -1, -1));
        feed.telemetry(new TelemetrySample(2, List.of(51.0), List.of(1_400_000L), -1, -1));
        feed.report(3, 10, "Measured 3 runs");
        PanelFrame frame = feed.frame().orElseThrow();

        assertThat(frame.telemetry().orElseThrow().epochMillis()).isEqualTo(2);
        assertThat(frame.status()).isEqualTo("Measured 3 runs");
        assertThat(frame.progress()).isEqualTo(0.3);
        assertThat(frame.count()).isEqualTo(1);
    }

    @Test
    void beginStartsTheChartsAndPercentilesAfreshAndEndIsFinal() {
        DeviceFeed feed = new DeviceFeed("board");
        for (int i = 0; i < 100; i++) {
            feed.sample(i, 5_000_000);
        }
        feed.frame();
        feed.begin("int8 (2 of 2)");
        feed.sample(0, 1_000_000);

        PanelFrame frame = feed.frame().orElseThrow();
        assertThat(frame.count()).isEqualTo(1);
        assertThat(frame.p99Ms()).isCloseTo(1.0, within(0.01));
        assertThat(frame.status()).isEqualTo("int8 (2 of 2)");

        feed.end("interrupted: 1 samples kept");
        assertThat(feed.frame().orElseThrow().ended()).isTrue();
    }

    @Test
    void samplesFromSeveralThreadsWhileFramesAreTakenAreAllCounted() throws Exception {
        DeviceFeed feed = new DeviceFeed("board");
        int threads = 3;
        int each = 20_000;
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    feed.sample(i, 100_000 + i);
                }
                done.countDown();
            });
            th.start();
            started.add(th);
        }
        long last = 0;
        while (done.getCount() > 0) {
            last = feed.frame().map(PanelFrame::count).orElse(last);
        }
        last = feed.frame().map(PanelFrame::count).orElse(last);

        assertThat(last).isEqualTo((long) threads * each);
        for (Thread th : started) {
            th.join();
        }
    }
}
