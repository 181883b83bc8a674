package dev.lathe.views.compare;

import dev.lathe.engine.export.runtimes.RuntimeChoice;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.store.RuntimeRun;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the runtime table's rows from the family's stored runs and the lines of the last measurement. */
final class RuntimeRows {
    static final String THIS_COMPUTER = "This computer";

    /** A model (by hash) in a runtime on a device (by the id its runs are stored under). */
    record Key(String modelSha256, RuntimeChoice runtime, String deviceId) {
    }

    /** Why a model did not run in a runtime on a device, and what the device is called. */
    record Problem(String deviceName, String line) {
    }

    private final String thisComputer;
    private final List<CompareRow> members;
    private final Map<String, FidelityReport> fidelity;
    private final Map<Key, RuntimeRow> rows = new LinkedHashMap<>();

    /** @param fidelity measured fidelity of copies to the parent, by the copy's hash */
    RuntimeRows(String thisComputer, List<CompareRow> members, Map<String, FidelityReport> fidelity) {
        this.thisComputer = thisComputer;
        this.members = members;
        this.fidelity = fidelity;
    }

    void addRuns(CompareRow member, List<RuntimeRun> runs) {
        for (RuntimeRun run : runs) {
            Optional<RuntimeChoice> choice = RuntimeChoice.of(run.runtime(), run.delegate());
            if (choice.isEmpty()) {
                continue;
            }
            var device = run.run().result().device();
            Key key = new Key(member.model().sha256(), choice.get(), device.id());
            rows.put(key, new RuntimeRow(member.model(), member.isParent(), choice.get(), device.id(),
                    CompareViewModel.deviceName(device.id(), device.name(), thisComputer), Optional.of(run),
                    fidelityOf(member, run), Optional.empty(), false));
        }
    }

    /** The run's file against the parent: a copy's as measured here, the model's own as the Compare table has it. */
    private Optional<FidelityReport> fidelityOf(CompareRow member, RuntimeRun run) {
        if (!run.ranAs().sha256().equals(member.model().sha256())) {
            return Optional.ofNullable(fidelity.get(run.ranAs().sha256()));
        }
        return member.fidelity();
    }

    void addProblem(Key key, Problem problem) {
        RuntimeRow known = rows.get(key);
        if (known != null) {
            rows.put(key, new RuntimeRow(known.model(), known.isParent(), known.runtime(), known.deviceId(),
                    known.deviceName(), known.run(), known.fidelity(), Optional.of(problem.line()), false));
            return;
        }
        members.stream().filter(m -> m.model().sha256().equals(key.modelSha256())).findFirst().ifPresent(m ->
                rows.put(key, new RuntimeRow(m.model(), m.isParent(), key.runtime(), key.deviceId(),
                        key.deviceId().equals(thisComputer) ? THIS_COMPUTER : problem.deviceName(), Optional.empty(),
                        Optional.empty(), Optional.of(problem.line()), false)));
    }

    /** In the family's order, then by runtime, then this computer before the boards. */
    List<RuntimeRow> rows() {
        List<String> order = members.stream().map(m -> m.model().sha256()).toList();
        List<RuntimeRow> out = new ArrayList<>(rows.values());
        out.sort(Comparator.<RuntimeRow>comparingInt(r -> order.indexOf(r.model().sha256()))
                .thenComparing(RuntimeRow::runtime)
                .thenComparing(r -> !r.deviceId().equals(thisComputer))
                .thenComparing(RuntimeRow::deviceName));
        return out;
    }

    /**
     * The same rows with each device's sweet spot marked: its fastest row (by p50) among those that keep the parent's
     * answers ({@link RuntimeRow#keepsAnswers()}); a device with one row has none to choose between.
     */
    static List<RuntimeRow> withSweetSpots(List<RuntimeRow> rows) {
        Map<String, RuntimeRow> best = new LinkedHashMap<>();
        Map<String, Integer> measured = new LinkedHashMap<>();
        for (RuntimeRow r : rows) {
            if (r.p50Ms().isEmpty()) {
                continue;
            }
            measured.merge(r.deviceId(), 1, Integer::sum);
            RuntimeRow known = best.get(r.deviceId());
            if (r.keepsAnswers() && (known == null || r.p50Ms().get() < known.p50Ms().get())) {
                best.put(r.deviceId(), r);
            }
        }
        return rows.stream().map(r -> r.withSweetSpot(measured.getOrDefault(r.deviceId(), 0) > 1
                && best.get(r.deviceId()) == r)).toList();
    }
}
