package dev.lathe.views.compare;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.data.PreprocessingOverrides;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.views.common.ErrorSink;
import dev.lathe.views.task.RunState;
import dev.lathe.views.task.TaskRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

/**
 * The Compare view's state: the selected model's family (its parent and the parent's variants) with their stored
 * figures, which of them the charts include, and output fidelity to the parent, measured on demand.
 */
public final class CompareViewModel {
    /** Examples compared per variant: enough for a stable cosine, quick on a CPU. */
    static final int FIDELITY_SAMPLES = 500;
    /** Benchmark all: batch 1, one thread, the Benchmark tab's defaults. */
    static final BenchConfig BENCH = BenchConfig.DEFAULT;

    private final Workbench workbench;
    private final TaskRunner tasks;
    private final ErrorSink errors;
    private final Optional<Path> sampleDataset;
    private final ReadOnlyObjectWrapper<ModelRecord> model = new ReadOnlyObjectWrapper<>();
    private final ObservableList<CompareRow> rows = FXCollections.observableArrayList();
    private final ObservableList<CompareRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableSet<String> included = FXCollections.observableSet();
    private final ObservableSet<String> includedView = FXCollections.unmodifiableObservableSet(included);
    private final ObservableList<CompareDevice> devices = FXCollections.observableArrayList();
    private final ObservableList<CompareDevice> devicesView = FXCollections.unmodifiableObservableList(devices);
    private final ObjectProperty<CompareDevice> chartDevice = new SimpleObjectProperty<>();
    private final RunState run = new RunState();
    private final BooleanBinding canMeasure;
    private final BooleanBinding canMeasureRuntimes;
    private final CompareRuntimes runtimes;

    public CompareViewModel(Workbench workbench, TaskRunner tasks, ErrorSink errors, Optional<Path> sampleDataset) {
        this.workbench = workbench;
        this.tasks = tasks;
        this.errors = errors;
        this.sampleDataset = sampleDataset;
        canMeasure = Bindings.size(rows).greaterThan(1).and(run.runningProperty().not());
        canMeasureRuntimes = Bindings.isNotEmpty(rows).and(run.runningProperty().not());
        runtimes = new CompareRuntimes(workbench, tasks, errors, run);
    }

    /**
     * Shows the family of {@code next} (its first ancestor and every variant below it): read in the background, all
     * members included. Selecting another member of the family on show, or a variant just made in it, keeps a
     * measurement that is running (a presenter clicks through the variants meanwhile) and the charts' choices.
     */
    public void setModel(ModelRecord next) {
        model.set(next);
        if (next == null) {
            if (run.runningProperty().get()) {
                run.cancel();
            }
            rows.clear();
            devices.clear();
            chartDevice.set(null);
            runtimes.refresh(List.of());
            return;
        }
        if (!run.runningProperty().get() || !inFamilyOnShow(next)) {
            refresh();
        }
    }

    private boolean inFamilyOnShow(ModelRecord m) {
        return rows.stream().anyMatch(r -> r.model().sha256().equals(m.sha256()));
    }

    /** Reads the family's figures again, after an evaluation, a benchmark or a new variant. */
    public void refresh() {
        ModelRecord of = model.get();
        if (of == null) {
            return;
        }
        tasks.run("Reading the family of " + of.name(), p -> family(of), read -> {
            if (model.get() == null || !model.get().sha256().equals(of.sha256())) {
                return;
            }
            boolean sameFamily = !rows.isEmpty() && rows.get(0).model().sha256()
                    .equals(read.rows().get(0).model().sha256());
            if (!sameFamily && run.runningProperty().get()) {
                run.cancel();
            }
            java.util.Set<String> known = new java.util.HashSet<>();
            rows.forEach(r -> known.add(r.model().sha256()));
            showDevices(read.devices());
            rows.setAll(keepFidelity(read.rows()));
            if (!sameFamily) {
                included.clear();
            }
            // A member new to the view is charted; one the user left out stays out.
            read.rows().stream().filter(r -> !sameFamily || !known.contains(r.model().sha256()))
                    .forEach(r -> included.add(r.model().sha256()));
            runtimes.refresh(List.copyOf(rows));
        }, errors::report);
    }

    /** The devices before the rows, so the table has its columns when the figures arrive. */
    private void showDevices(List<CompareDevice> read) {
        String chosen = chartDevice.get() == null ? null : chartDevice.get().id();
        devices.setAll(read);
        chartDevice.set(read.stream().filter(d -> d.id().equals(chosen)).findFirst()
                .orElse(read.isEmpty() ? null : read.get(0)));
    }

    private record Family(List<CompareRow> rows, List<CompareDevice> devices) {
    }

    /** Fidelity is not stored; a re-read keeps what this view measured for the same parent and variant. */
    private List<CompareRow> keepFidelity(List<CompareRow> read) {
        if (rows.isEmpty() || read.isEmpty() || !rows.get(0).model().sha256().equals(read.get(0).model().sha256())) {
            return read;
        }
        return read.stream().map(r -> rows.stream()
                .filter(old -> old.model().sha256().equals(r.model().sha256()) && old.fidelity().isPresent())
                .findFirst().map(old -> r.withFidelity(old.fidelity().get())).orElse(r)).toList();
    }

    private Family family(ModelRecord of) throws LatheException {
        List<ModelRecord> members = workbench.family(of);
        ModelRecord parent = members.get(0);
        String here = workbench.thisComputer().id();
        Optional<StoredEvaluation> parentEval = workbench.evaluations(parent).stream().findFirst();
        List<CompareRow> list = new ArrayList<>();
        List<StoredBenchmark> complete = new ArrayList<>();
        List<StoredEvaluation> evaluated = new ArrayList<>();
        list.add(row(parent, true, parentEval, here, complete, evaluated));
        for (ModelRecord m : members.subList(1, members.size())) {
            list.add(row(m, false, parentEval, here, complete, evaluated));
        }
        return new Family(list, devices(complete, evaluated, here));
    }

    /** This computer under that name, whatever its host is called; a board under its own. */
    static String deviceName(String id, String name, String thisComputer) {
        return id.equals(thisComputer) ? "This computer" : name;
    }

    /** Collects the model's complete runs and family-dataset evaluations, for counting them per device. */
    private CompareRow row(ModelRecord m, boolean isParent, Optional<StoredEvaluation> parentEval, String here,
                           List<StoredBenchmark> complete, List<StoredEvaluation> evaluated) throws LatheException {
        List<StoredEvaluation> all = workbench.evaluations(m);
        Map<String, StoredEvaluation> perDevice = new LinkedHashMap<>();
        all.stream().filter(e -> parentEval.isPresent() && e.sameExamplesAs(parentEval.get()))
                .forEach(e -> perDevice.putIfAbsent(e.deviceId(), e));
        evaluated.addAll(perDevice.values());
        Optional<StoredEvaluation> evaluation = Optional.ofNullable(perDevice.get(here))
                .or(() -> perDevice.values().stream().findFirst()).or(() -> all.stream().findFirst());
        Map<String, StoredBenchmark> latest = new LinkedHashMap<>();
        for (StoredBenchmark b : workbench.benchmarks(m)) {
            if (b.complete()) {
                complete.add(b);
                latest.putIfAbsent(b.result().device().id(), b);
            }
        }
        return new CompareRow(m, isParent, evaluation, perDevice, latest, Optional.empty());
    }

    /** Devices with runs or evaluations: most runs first; on a tie this computer, then by name. */
    static List<CompareDevice> devices(List<StoredBenchmark> complete, List<StoredEvaluation> evaluated,
                                       String thisComputer) {
        Map<String, CompareDevice> byId = new LinkedHashMap<>();
        for (StoredBenchmark b : complete) {
            var d = b.result().device();
            CompareDevice known = byId.get(d.id());
            byId.put(d.id(), new CompareDevice(d.id(), deviceName(d.id(), d.name(), thisComputer),
                    known == null ? 1 : known.runs() + 1,
                    known != null && known.evaluated()));
        }
        for (StoredEvaluation e : evaluated) {
            CompareDevice known = byId.get(e.deviceId());
            byId.put(e.deviceId(), new CompareDevice(e.deviceId(), deviceName(e.deviceId(), e.device().name(),
                    thisComputer),
                    known == null ? 0 : known.runs(), true));
        }
        return byId.values().stream().sorted(Comparator.comparingInt(CompareDevice::runs).reversed()
                .thenComparing(d -> !d.id().equals(thisComputer)).thenComparing(CompareDevice::name)).toList();
    }

    /** Every model of the family whose top-1 on a device differs from this computer's past the limit. */
    public List<String> accuracyFlags() {
        String here = workbench.thisComputer().id();
        return rows.stream().flatMap(r -> r.accuracyFlags(here).stream().map(g -> r.model().name() + ": "
                + g.sentence(deviceName(g.there().deviceId(), g.there().device().name(), here),
                deviceName(g.here().deviceId(), g.here().device().name(), here)))).toList();
    }

    /**
     * Measures each variant's outputs against the parent's, on the parent's latest evaluation dataset, or on seeded
     * synthetic inputs when the parent was never evaluated (the report says which).
     */
    public void measureFidelity() {
        if (!canMeasure.get()) {
            return;
        }
        CompareRow parent = rows.get(0);
        List<CompareRow> variants = List.copyOf(rows.subList(1, rows.size()));
        Optional<Path> data = parent.evaluation().map(e -> Path.of(e.datasetPath()));
        int id = run.begin("Measuring fidelity to " + parent.model().name());
        run.attach(id, tasks.run("Measuring fidelity to " + parent.model().name(), p -> {
            List<FidelityReport> reports = new ArrayList<>();
            for (CompareRow v : variants) {
                reports.add(workbench.fidelity(parent.model(), v.model(), data, FIDELITY_SAMPLES, p));
            }
            return reports;
        }, reports -> measured(id, variants, reports), error -> {
            if (run.fail(id, error)) {
                errors.report(error);
            }
        }));
    }

    /**
     * Benchmarks every model of the family one after the other with the same settings, so their latencies are
     * measured side by side on this computer, then reads the family again.
     */
    public void benchmarkAll() {
        if (!canMeasure.get()) {
            return;
        }
        List<ModelRecord> models = rows.stream().map(CompareRow::model).toList();
        int id = run.begin("Benchmarking " + models.size() + " models side by side");
        run.attach(id, tasks.run("Benchmarking " + models.size() + " models", p -> {
            for (ModelRecord m : models) {
                BenchConfig config = m.inputShape().map(BENCH::withInputShape).orElse(BENCH);
                workbench.benchmark(m, config, SampleListener.NONE, p);
            }
            return models.size();
        }, done -> {
            if (run.end(id, "Benchmarked " + done + " models with the same settings")) {
                refresh();
            }
        }, error -> {
            if (run.fail(id, error)) {
                errors.report(error);
            }
        }));
    }

    /**
     * Evaluates every model of the family on the same data with the same settings (the parent's latest evaluation
     * dataset, else the sample dataset), so their top-1 and its change are measured side by side.
     */
    public void evaluateAll() {
        Optional<Path> data = rows.isEmpty() ? Optional.empty()
                : rows.get(0).evaluation().map(e -> Path.of(e.datasetPath())).or(() -> sampleDataset);
        if (!canMeasure.get() || data.isEmpty()) {
            return;
        }
        List<ModelRecord> models = rows.stream().map(CompareRow::model).toList();
        EvalRequest request = new EvalRequest(data.get(), Optional.empty(), PreprocessingOverrides.NONE, 0);
        int id = run.begin("Evaluating " + models.size() + " models on " + data.get().getFileName());
        run.attach(id, tasks.run("Evaluating " + models.size() + " models", p -> {
            for (ModelRecord m : models) {
                workbench.evaluate(m, request, p);
            }
            return models.size();
        }, done -> {
            if (run.end(id, "Evaluated " + done + " models on " + data.get().getFileName())) {
                refresh();
            }
        }, error -> {
            if (run.fail(id, error)) {
                errors.report(error);
            }
        }));
    }

    private void measured(int id, List<CompareRow> variants, List<FidelityReport> reports) {
        FidelityReport first = reports.get(0);
        if (!run.end(id, "Fidelity measured on " + first.samples() + " " + first.inputs() + " inputs"
                + (first.synthetic() ? ": " + FidelityReport.WHY_SYNTHETIC_IS_LOWER : ""))) {
            return;
        }
        for (int i = 0; i < variants.size(); i++) {
            int at = rows.indexOf(variants.get(i));
            if (at >= 0) {
                rows.set(at, variants.get(i).withFidelity(reports.get(i)));
            }
        }
        runtimes.refresh(List.copyOf(rows));
    }

    /**
     * Measures the ticked models in every ticked runtime on every chosen device ({@link #runtimes()}): each copy
     * exported where missing, benchmarked with the same settings, and compared with the parent on the parent's latest
     * evaluation dataset (else seeded synthetic inputs); then reads the family again.
     */
    public void measureInRuntimes() {
        if (!canMeasureRuntimes.get()) {
            return;
        }
        ModelRecord parent = rows.get(0).model();
        Optional<Path> data = rows.get(0).evaluation().map(e -> Path.of(e.datasetPath()));
        runtimes.measure(includedRows().stream().map(CompareRow::model).toList(), parent, data, this::refresh);
    }

    /** Which runtimes and devices the family is measured in, and its rows per model, runtime and device. */
    public CompareRuntimes runtimes() {
        return runtimes;
    }

    /** Whether the runtime measurement can start: a family on show, nothing running. */
    public BooleanBinding canMeasureRuntimesProperty() {
        return canMeasureRuntimes;
    }

    public void cancel() {
        run.cancel();
    }

    public void setIncluded(CompareRow row, boolean include) {
        if (include) {
            included.add(row.model().sha256());
        } else {
            included.remove(row.model().sha256());
        }
    }

    /** The rows the charts draw: those ticked, in table order. */
    public List<CompareRow> includedRows() {
        return rows.stream().filter(r -> included.contains(r.model().sha256())).toList();
    }

    public ObservableSet<String> included() {
        return includedView;
    }

    /** The devices the family has complete runs on, most runs first (this computer first among equals). */
    public ObservableList<CompareDevice> devices() {
        return devicesView;
    }

    /**
     * The device whose latencies the charts show: the one with most runs unless the user picks another; kept across
     * re-reads while the family still has runs on it.
     */
    public ObjectProperty<CompareDevice> chartDeviceProperty() {
        return chartDevice;
    }

    /** The parent first, then its variants, oldest first. */
    public ObservableList<CompareRow> rows() {
        return rowsView;
    }

    public ReadOnlyObjectProperty<ModelRecord> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public RunState runState() {
        return run;
    }

    public BooleanBinding canMeasureProperty() {
        return canMeasure;
    }
}
