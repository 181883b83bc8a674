package dev.lathe.views.compare;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceRuntimes;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.export.runtimes.RuntimeChoice;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.views.common.ErrorSink;
import dev.lathe.views.task.RunState;
import dev.lathe.views.task.TaskRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

/**
 * The Compare view's runtime dimension: which runtimes and devices the family is measured in, one row per model,
 * runtime and device, and the work that fills them: a model's copy for each runtime exported where missing (kept by
 * its hash), benchmarked on each chosen device, and its outputs compared with the parent's on this computer. A
 * device that lacks a runtime gives its row one line, not a failed comparison.
 */
public final class CompareRuntimes {
    /**
     * Inputs a copy's outputs are compared on: fewer than the Compare table's, as ExecuTorch's portable kernels take
     * most of a second an input on a CPU.
     */
    static final int FIDELITY_SAMPLES = 100;
    private final Workbench workbench;
    private final TaskRunner tasks;
    private final ErrorSink errors;
    private final RunState run;
    private final ObservableSet<RuntimeChoice> runtimes = FXCollections.observableSet(RuntimeChoice.ONNX_RUNTIME);
    private final ObservableList<RuntimeDevice> deviceChoices = FXCollections.observableArrayList();
    private final ObservableSet<String> chosenDevices = FXCollections.observableSet();
    private final List<RuntimeRow> allRows = new ArrayList<>();
    private final ObservableList<RuntimeRow> rows = FXCollections.observableArrayList();
    private final ObservableList<RuntimeRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    /** Why the last attempt failed, per model, runtime and device id; fidelity of each copy, by its hash. */
    private final Map<RuntimeRows.Key, RuntimeRows.Problem> problems = new HashMap<>();
    private final Map<String, FidelityReport> fidelity = new HashMap<>();
    private BenchConfig bench = CompareViewModel.BENCH;
    private int fidelitySamples = FIDELITY_SAMPLES;
    private String family = "";

    CompareRuntimes(Workbench workbench, TaskRunner tasks, ErrorSink errors, RunState run) {
        this.workbench = workbench;
        this.tasks = tasks;
        this.errors = errors;
        this.run = run;
        runtimes.addListener((javafx.collections.SetChangeListener<RuntimeChoice>) c -> show());
    }

    /** The rows of the ticked runtimes, each device's sweet spot among them marked. */
    private void show() {
        rows.setAll(RuntimeRows.withSweetSpots(allRows.stream().filter(r -> runtimes.contains(r.runtime())).toList()));
    }

    /** Fewer runs and fidelity inputs, for tests that need figures, not stable ones. */
    void measureWith(BenchConfig config, int samples) {
        this.bench = config;
        this.fidelitySamples = samples;
    }

    /** Whether {@code choice} is ticked; more than ONNX Runtime alone shows the runtime table. */
    public void setRuntime(RuntimeChoice choice, boolean on) {
        if (on) {
            runtimes.add(choice);
        } else {
            runtimes.remove(choice);
        }
    }

    public void setDevice(RuntimeDevice device, boolean on) {
        if (on) {
            chosenDevices.add(device.key());
        } else {
            chosenDevices.remove(device.key());
        }
    }

    /** Reads the family's runs in every runtime again; a new family forgets the lines and fidelity of the last. */
    void refresh(List<CompareRow> members) {
        if (members.isEmpty()) {
            allRows.clear();
            show();
            return;
        }
        String root = members.get(0).model().sha256();
        if (!root.equals(family)) {
            family = root;
            problems.clear();
            fidelity.clear();
        }
        Map<RuntimeRows.Key, RuntimeRows.Problem> lines = Map.copyOf(problems);
        Map<String, FidelityReport> measured = Map.copyOf(fidelity);
        tasks.run("Reading the family's runs in every runtime", p -> read(members, lines, measured), read -> {
            if (!root.equals(family)) {
                return;
            }
            if (chosenDevices.isEmpty()) {
                chosenDevices.add(RuntimeDevice.THIS_COMPUTER.key());
            }
            deviceChoices.setAll(read.devices());
            allRows.clear();
            allRows.addAll(read.rows());
            show();
        }, errors::report);
    }

    private record Read(List<RuntimeDevice> devices, List<RuntimeRow> rows) {
    }

    private Read read(List<CompareRow> members, Map<RuntimeRows.Key, RuntimeRows.Problem> lines,
                      Map<String, FidelityReport> measured) throws LatheException {
        List<RuntimeDevice> devices = new ArrayList<>(List.of(RuntimeDevice.THIS_COMPUTER));
        workbench.devices().entries().stream().filter(d -> !d.isThisComputer() && d.state() != DeviceState.DISCOVERED)
                .map(RuntimeDevice::of).forEach(devices::add);
        RuntimeRows table = new RuntimeRows(workbench.thisComputer().id(), members, measured);
        for (CompareRow m : members) {
            table.addRuns(m, workbench.runsInRuntimes(m.model()));
        }
        lines.forEach(table::addProblem);
        return new Read(devices, table.rows());
    }

    /**
     * Measures {@code models} in every ticked runtime on every chosen device, one after the other with the same
     * settings, then reads the family again through {@code done}.
     */
    void measure(List<ModelRecord> models, ModelRecord parent, Optional<Path> data, Runnable done) {
        List<RuntimeChoice> in = List.of(RuntimeChoice.values()).stream().filter(runtimes::contains).toList();
        List<RuntimeDevice> on = deviceChoices.stream().filter(d -> chosenDevices.contains(d.key())).toList();
        if (models.isEmpty() || in.isEmpty() || on.isEmpty()) {
            return;
        }
        String what = models.size() + (models.size() == 1 ? " model" : " models") + " in " + in.size()
                + (in.size() == 1 ? " runtime" : " runtimes") + " on " + on.size()
                + (on.size() == 1 ? " device" : " devices");
        int id = run.begin("Measuring " + what);
        run.attach(id, tasks.run("Measuring " + what, p -> new Attempt(models, in, on, parent, data).run(p),
                attempt -> {
                    problems.putAll(attempt.problems);
                    attempt.measured.forEach(problems::remove);
                    fidelity.putAll(attempt.fidelity);
                    long failed = attempt.problems.size();
                    if (run.end(id, "Measured " + what + (failed == 0 ? "" : "; " + failed
                            + (failed == 1 ? " did not run: its line says why" : " did not run: their lines say why")))) {
                        done.run();
                    }
                }, error -> {
                    if (run.fail(id, error)) {
                        errors.report(error);
                    }
                }));
    }

    /** One measurement's work, off the FX thread; what it found is handed back whole. */
    private final class Attempt {
        private final List<ModelRecord> models;
        private final List<RuntimeChoice> in;
        private final List<RuntimeDevice> on;
        private final ModelRecord parent;
        private final Optional<Path> data;
        final Map<RuntimeRows.Key, RuntimeRows.Problem> problems = new LinkedHashMap<>();
        final List<RuntimeRows.Key> measured = new ArrayList<>();
        final Map<String, FidelityReport> fidelity = new HashMap<>();

        Attempt(List<ModelRecord> models, List<RuntimeChoice> in, List<RuntimeDevice> on, ModelRecord parent,
                Optional<Path> data) {
            this.models = models;
            this.in = in;
            this.on = on;
            this.parent = parent;
            this.data = data;
        }

        Attempt run(Progress p) throws LatheException {
            for (ModelRecord m : models) {
                for (RuntimeChoice choice : in) {
                    CancelledException.checkpoint("Measuring in every runtime");
                    p.report(0, -1, "Exporting " + m.name() + " for " + choice.displayName());
                    ModelRecord copy;
                    try {
                        copy = workbench.inRuntime(m, choice.target(), choice.delegateOrDefault(), Optional.empty())
                                .model();
                    } catch (CancelledException e) {
                        throw e;
                    } catch (LatheException e) {
                        on.forEach(d -> problems.put(new RuntimeRows.Key(m.sha256(), choice, deviceId(d)),
                                new RuntimeRows.Problem(d.name(), e.getMessage())));
                        continue;
                    }
                    for (RuntimeDevice d : on) {
                        benchmark(m, choice, copy, d, p);
                    }
                    measureFidelity(m, choice, copy, p);
                }
            }
            return this;
        }

        private void benchmark(ModelRecord m, RuntimeChoice choice, ModelRecord copy, RuntimeDevice entry, Progress p)
                throws CancelledException {
            RuntimeRows.Key key = new RuntimeRows.Key(m.sha256(), choice, deviceId(entry));
            try {
                Device device = entry.isThisComputer() ? workbench.devices().thisComputer()
                        : workbench.devices().device(entry.key());
                key = new RuntimeRows.Key(m.sha256(), choice, device.describe().id());
                DeviceRuntimes.require(device.describe(), handle(copy));
                p.report(0, -1, "Benchmarking " + copy.name() + " in " + choice.displayName() + " on "
                        + entry.name());
                BenchConfig config = copy.inputShape().map(bench::withInputShape).orElse(bench);
                workbench.benchmark(copy, device, config, SampleListener.NONE, p);
                measured.add(key);
            } catch (CancelledException e) {
                throw e;
            } catch (LatheException e) {
                problems.put(key, new RuntimeRows.Problem(entry.name(), e.getMessage()));
            }
        }

        /** The copy against the family's parent, on this computer; a variant in its own runtime is the table's. */
        private void measureFidelity(ModelRecord m, RuntimeChoice choice, ModelRecord copy, Progress p)
                throws CancelledException {
            if (copy.sha256().equals(m.sha256())) {
                return;
            }
            try {
                p.report(0, -1, "Comparing " + copy.name() + "'s outputs with " + parent.name() + "'s");
                fidelity.put(copy.sha256(), workbench.fidelity(parent, copy, data, fidelitySamples, p));
            } catch (CancelledException e) {
                throw e;
            } catch (LatheException e) {
                problems.putIfAbsent(new RuntimeRows.Key(m.sha256(), choice, workbench.thisComputer().id()),
                        new RuntimeRows.Problem(RuntimeRows.THIS_COMPUTER,
                                "Fidelity not measured: " + e.getMessage()));
            }
        }
    }

    /** The id a device's runs are stored under, where it answered once; its key until then. */
    private String deviceId(RuntimeDevice device) {
        return device.isThisComputer() ? workbench.thisComputer().id() : device.key();
    }

    private static ModelHandle handle(ModelRecord model) {
        return new ModelHandle(model.path(), model.format(), model.inputShape(), model.name());
    }

    /** Ticked runtimes; ONNX Runtime alone by default. */
    public ObservableSet<RuntimeChoice> runtimes() {
        return runtimes;
    }

    /** Devices the family can be measured on: this computer and the paired boards. */
    public ObservableList<RuntimeDevice> deviceChoices() {
        return deviceChoices;
    }

    /** Keys of the devices ticked; this computer by default. */
    public ObservableSet<String> chosenDevices() {
        return chosenDevices;
    }

    /** Whether more than ONNX Runtime alone is ticked: the runtime table shows then. */
    public boolean beyondOnnx() {
        return runtimes.stream().anyMatch(r -> r != RuntimeChoice.ONNX_RUNTIME);
    }

    /** Per model of the family (in its order), runtime and device (this computer first), in the ticked runtimes. */
    public ObservableList<RuntimeRow> rows() {
        return rowsView;
    }
}
