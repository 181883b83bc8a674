package dev.lathe.engine.report;

import dev.lathe.engine.report.FamilyReport.Member;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One variant on one device where both were measured there: its newest finished run's median latency and its newest
 * top-1 on that same device. Accuracy and latency from different devices are never paired.
 */
record ChartPoint(String variant, String deviceId, double p50Ms, double top1) {

    static List<ChartPoint> of(FamilyReport report) {
        List<ChartPoint> points = new ArrayList<>();
        for (Member m : report.members()) {
            Set<String> devices = new HashSet<>();
            for (StoredBenchmark b : m.benchmarks()) {
                String device = b.result().device().id();
                if (!b.complete() || !devices.add(device)) {
                    continue;
                }
                Optional<StoredEvaluation> e = m.evaluations().stream()
                        .filter(x -> x.deviceId().equals(device)).findFirst();
                e.ifPresent(x -> points.add(new ChartPoint(m.name(), device, b.result().stats().p50Ms(),
                        x.result().top1())));
            }
        }
        return points;
    }
}
