package dev.lathe.views.demo;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.hardware.ByteSize;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoreException;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A compare step: one line per model of the family and device, from what the store holds: the model's size, its
 * top-1 (measured on that device, else where it was, saying where) and its latest complete run's p50 there.
 */
final class DemoCompare {
    private final Workbench workbench;

    DemoCompare(Workbench workbench) {
        this.workbench = workbench;
    }

    /** @param named the devices the step names, or empty for every device the family has runs on */
    void run(List<ModelRecord> family, List<DeviceEntry> named, boolean all, StepListener listener)
            throws StoreException {
        Map<String, DeviceFingerprint> devices = all ? measuredOn(family) : fingerprints(named, listener);
        if (devices.isEmpty()) {
            listener.line("Nothing measured yet on " + (all ? "any device" : "the devices named")
                    + ": run a wall step before comparing");
            return;
        }
        String here = workbench.thisComputer().id();
        for (ModelRecord m : family) {
            List<StoredEvaluation> evaluations = workbench.evaluations(m);
            List<StoredBenchmark> runs = workbench.benchmarks(m);
            for (DeviceFingerprint d : devices.values()) {
                listener.line(line(m, d, here, evaluations, runs));
            }
        }
    }

    private String line(ModelRecord m, DeviceFingerprint d, String here, List<StoredEvaluation> evaluations,
                        List<StoredBenchmark> runs) {
        Optional<StoredEvaluation> top1 = newest(evaluations.stream().filter(e -> e.deviceId().equals(d.id())).toList())
                .or(() -> newest(evaluations));
        Optional<StoredBenchmark> run = runs.stream().filter(StoredBenchmark::complete)
                .filter(r -> r.result().device().id().equals(d.id()))
                .max(Comparator.comparing(StoredBenchmark::createdAt));
        String accuracy = top1.map(e -> String.format(Locale.ROOT, "top-1 %.2f %% on %s%s", e.result().top1() * 100,
                e.datasetName(), e.deviceId().equals(d.id()) ? "" : " (on " + e.device().nameFor(here) + ")"))
                .orElse("top-1 not measured");
        String latency = run.map(r -> {
            LatencyStats s = r.result().stats();
            return String.format(Locale.ROOT, "p50 %.3f ms (%d runs)", s.p50Ms(), s.count());
        }).orElse("no run there");
        return m.name() + " on " + d.nameFor(here) + ": " + ByteSize.of(m.fileBytes()) + ", " + accuracy + ", "
                + latency;
    }

    private static Optional<StoredEvaluation> newest(List<StoredEvaluation> evaluations) {
        return evaluations.stream().max(Comparator.comparing(StoredEvaluation::createdAt));
    }

    private Map<String, DeviceFingerprint> measuredOn(List<ModelRecord> family) throws StoreException {
        Map<String, DeviceFingerprint> out = new LinkedHashMap<>();
        for (ModelRecord m : family) {
            for (StoredBenchmark r : workbench.benchmarks(m)) {
                if (r.complete()) {
                    out.putIfAbsent(r.result().device().id(), r.result().device());
                }
            }
        }
        return out;
    }

    /** A board that has answered carries its fingerprint; this computer's is asked for. */
    private Map<String, DeviceFingerprint> fingerprints(List<DeviceEntry> named, StepListener listener) {
        Map<String, DeviceFingerprint> out = new LinkedHashMap<>();
        for (DeviceEntry e : named) {
            Optional<DeviceFingerprint> f = e.isThisComputer() ? Optional.of(workbench.thisComputer())
                    : e.fingerprint();
            if (f.isPresent()) {
                out.putIfAbsent(f.get().id(), f.get());
            } else {
                listener.line(e.name() + ": has not answered in this session, so its stored figures cannot be told "
                        + "apart; left out");
            }
        }
        return out;
    }
}
