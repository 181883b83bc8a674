package dev.lathe.engine.report;

import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoreException;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.store.StoredVariant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the store knows of a model's family, read once for a report: every member with how it was made and all its
 * stored evaluations and benchmark runs, and every device that measured one of them as it was last seen.
 *
 * @param subject the model the report was asked for
 * @param members the family's root first, then each variant after its parent
 */
public record FamilyReport(ModelRecord subject, List<Member> members, List<DeviceFingerprint> devices, Instant madeAt,
                           String latheVersion) {
    public FamilyReport {
        members = List.copyOf(members);
        devices = List.copyOf(devices);
    }

    /**
     * One model of the family.
     *
     * @param depth       0 for the root, 1 for its variants, ...
     * @param variant     how it was made, empty for a model Lathe did not make
     * @param evaluations newest first
     * @param benchmarks  newest first, finished and interrupted
     */
    public record Member(ModelRecord model, int depth, Optional<StoredVariant> variant,
                         List<StoredEvaluation> evaluations, List<StoredBenchmark> benchmarks) {
        public Member {
            evaluations = List.copyOf(evaluations);
            benchmarks = List.copyOf(benchmarks);
        }

        public String name() {
            return model.name();
        }
    }

    /**
     * Reads the members of {@code family} (ordered as {@code Workbench.family} orders them) and their figures.
     */
    public static FamilyReport collect(ExperimentStore store, ModelRecord subject, List<ModelRecord> family,
                                       Instant now, String latheVersion) throws StoreException {
        Map<String, Integer> depth = new HashMap<>();
        List<Member> members = new ArrayList<>();
        Set<String> deviceIds = new LinkedHashSet<>();
        for (ModelRecord m : family) {
            int d = m.parentSha256().map(p -> depth.getOrDefault(p, -1) + 1).orElse(0);
            depth.put(m.sha256(), d);
            List<StoredEvaluation> evaluations = store.evaluations(m.sha256());
            List<StoredBenchmark> benchmarks = store.benchmarks(m.sha256());
            evaluations.forEach(e -> deviceIds.add(e.deviceId()));
            benchmarks.forEach(b -> deviceIds.add(b.result().device().id()));
            members.add(new Member(m, d, store.variants().variant(m.sha256()), evaluations, benchmarks));
        }
        List<DeviceFingerprint> devices = new ArrayList<>();
        for (String id : deviceIds) {
            store.device(id).ifPresent(devices::add);
        }
        return new FamilyReport(subject, members, devices, now, latheVersion);
    }

    /** True when no member has a stored evaluation or benchmark run: the report then says so. */
    public boolean measuredNothing() {
        return members.stream().allMatch(m -> m.evaluations().isEmpty() && m.benchmarks().isEmpty());
    }

    /** The name of the device with this id as the report lists it, or the id itself. */
    public String deviceName(String id) {
        return devices.stream().filter(d -> d.id().equals(id)).map(DeviceFingerprint::name).findFirst().orElse(id);
    }
}
