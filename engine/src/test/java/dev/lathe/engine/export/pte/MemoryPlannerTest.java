package dev.lathe.engine.export.pte;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MemoryPlannerTest {
    @Test
    void tensorsWhoseLivesDoNotOverlapShareBytes() {
        MemoryPlan plan = MemoryPlanner.plan(List.of(new Lifetime(1, 100, 0, 1), new Lifetime(2, 100, 1, 2),
                new Lifetime(3, 100, 2, 3)));
        assertThat(plan.offsets().get(1)).isEqualTo(plan.offsets().get(3));
        assertThat(plan.offsets().get(2)).isNotEqualTo(plan.offsets().get(1));
        assertThat(plan.arenaBytes()).isEqualTo(224);
        assertThat(plan.naiveBytes()).isEqualTo(336);
        assertThat(plan.peakLiveBytes()).isEqualTo(224);
    }

    @Test
    void offsetsAreAlignedAndLiveTensorsNeverOverlapOnRandomGraphs() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<Lifetime> tensors = new ArrayList<>();
            for (int v = 0; v < 30; v++) {
                int first = random.nextInt(20);
                tensors.add(new Lifetime(v, 1 + random.nextInt(5000), first, first + random.nextInt(6)));
            }
            MemoryPlan plan = MemoryPlanner.plan(tensors);
            for (Lifetime a : tensors) {
                long at = plan.offsets().get(a.value());
                assertThat(at % MemoryPlanner.ALIGNMENT).isZero();
                assertThat(at + a.bytes()).isLessThanOrEqualTo(plan.arenaBytes());
                for (Lifetime b : tensors) {
                    long bt = plan.offsets().get(b.value());
                    boolean share = at < bt + b.bytes() && bt < at + a.bytes();
                    if (a != b && a.overlaps(b)) {
                        assertThat(share).as("%s and %s", a, b).isFalse();
                    }
                }
            }
            assertThat(plan.arenaBytes()).isBetween(plan.peakLiveBytes(), plan.naiveBytes());
        }
    }
}
