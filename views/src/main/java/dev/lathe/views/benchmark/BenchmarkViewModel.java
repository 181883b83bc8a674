package dev.lathe.views.benchmark;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.device.BenchmarkInterruptedException;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.views.common.ErrorSink;
import dev.lathe.views.common.Figure;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.InputShapeGate;
import dev.lathe.views.task.RunState;
import dev.lathe.views.task.TaskRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Benchmark tab's state: the configuration, the run in progress with its latencies as they arrive, the run on
 * show with its figures, and the model's earlier runs.
 */
public final class BenchmarkViewModel {
    private final Workbench workbench;
    private final TaskRunner tasks;
    private final ErrorSink errors;
    private final InputShapeGate shapes;

    private final ReadOnlyObjectWrapper<ModelRecord> model = new ReadOnlyObjectWrapper<>();
    private final BenchSettings settings = new BenchSettings();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final RunState run = new RunState();
    private final BooleanBinding canRun;
    /** Bumped at each start, so the live chart knows to start afresh. */
    private final ReadOnlyIntegerWrapper liveRun = new ReadOnlyIntegerWrapper();
    private volatile Queue<Long> live = new ConcurrentLinkedQueue<>();
    private final ReadOnlyObjectWrapper<StoredBenchmark> shown = new ReadOnlyObjectWrapper<>();
    private final ObservableList<StoredBenchmark> history = FXCollections.observableArrayList();
    private final ObservableList<StoredBenchmark> historyView = FXCollections.unmodifiableObservableList(history);
    /** This computer's agent id, once asked, so its runs read "This computer" rather than its host name. */
    private final ReadOnlyStringWrapper thisComputerId = new ReadOnlyStringWrapper("");
    private final ObservableList<Figure> latencyFigures = FXCollections.observableArrayList();
    private final ObservableList<Figure> latencyView = FXCollections.unmodifiableObservableList(latencyFigures);
    private final ObservableList<Figure> runFigures = FXCollections.observableArrayList();
    private final ObservableList<Figure> runView = FXCollections.unmodifiableObservableList(runFigures);

    public BenchmarkViewModel(Workbench workbench, TaskRunner tasks, ErrorSink errors, InputShapeGate shapes) {
        this.workbench = workbench;
        this.tasks = tasks;
        this.errors = errors;
        this.shapes = shapes;
        Observable[] inputs = Stream.<Observable>concat(Stream.of(settings.fields()), Stream.of(model))
                .toArray(Observable[]::new);
        problem.bind(Bindings.createStringBinding(settings::problem, inputs));
        canRun = model.isNotNull().and(problem.isEmpty()).and(run.runningProperty().not());
        shown.addListener((obs, old, now) -> showFigures(now));
        thisComputerId.addListener((obs, old, now) -> showFigures(shown.get()));
    }

    private void showFigures(StoredBenchmark now) {
        latencyFigures.setAll(now == null ? List.of() : BenchmarkFigures.latency(now));
        runFigures.setAll(now == null ? List.of() : BenchmarkFigures.run(now, deviceName(now)));
    }

    /** What the device that measured a run is called: "This computer", or a board's host name. */
    public String deviceName(StoredBenchmark b) {
        return b.result().device().nameFor(thisComputerId.get());
    }

    public ReadOnlyStringProperty thisComputerIdProperty() {
        return thisComputerId.getReadOnlyProperty();
    }

    public void setModel(ModelRecord next) {
        if (run.runningProperty().get()) {
            run.cancel();
        }
        model.set(next);
        shown.set(null);
        history.clear();
        if (next != null) {
            readHistory(next);
        }
    }

    private void readHistory(ModelRecord of) {
        if (thisComputerId.get().isEmpty()) {
            // Its runs show under its host name until it answers; a failure shows at the first run, not here.
            tasks.run("Describing this computer", p -> workbench.thisComputer().id(), thisComputerId::set, e -> { });
        }
        tasks.run("Reading benchmark runs of " + of.name(), p -> workbench.benchmarks(of),
                list -> showHistory(of, list), errors::report);
    }

    private void showHistory(ModelRecord of, List<StoredBenchmark> list) {
        if (model.get() != null && model.get().sha256().equals(of.sha256())) {
            history.setAll(list);
            shown.set(list.isEmpty() ? null : list.get(0));
        }
    }



    public void run() {
        if (canRun.get()) {
            BenchConfig config = settings.config();
            shapes.withShape(model.get(), ready -> start(ready, config));
        }
    }

    private void start(ModelRecord target, BenchConfig config) {
        model.set(target);
        Queue<Long> samples = new ConcurrentLinkedQueue<>();
        live = samples;
        // The figures and distribution of the previous run would sit beside the new run's live latencies.
        shown.set(null);
        liveRun.set(liveRun.get() + 1);
        int id = run.begin("Benchmarking " + target.name());
        run.attach(id, tasks.run("Benchmarking " + target.name(),
                p -> workbench.benchmark(target, config, (index, nanos) -> samples.add(nanos), p),
                done -> finished(id, done),
                error -> {
                    // What the device measured before it broke off is stored: show it, marked, in the history.
                    if (error instanceof BenchmarkInterruptedException cut && cut.storedRunId().isPresent()
                            && model.get() != null && model.get().sha256().equals(target.sha256())) {
                        readHistory(target);
                    }
                    if (run.fail(id, error)) {
                        errors.report(error);
                    }
                }));
    }

    private void finished(int id, StoredBenchmark done) {
        var stats = done.result().stats();
        String summary = "p50 " + Formats.millis(stats.p50Ms()) + ", p99 " + Formats.millis(stats.p99Ms()) + ", "
                + Formats.decimal(done.result().throughput(), 1) + " examples/s";
        if (run.end(id, summary) && model.get() != null && model.get().sha256().equals(done.modelSha256())) {
            history.add(0, done);
            shown.set(done);
        }
    }

    /**
     * Latencies (ns) measured since the last call, at most {@code max}; called a few times a second by the live
     * chart on the FX thread, so samples never cost one FX event each.
     */
    public List<Long> drainLive(int max) {
        Queue<Long> queue = live;
        List<Long> out = new ArrayList<>(Math.min(max, 1024));
        Long next;
        while (out.size() < max && (next = queue.poll()) != null) {
            out.add(next);
        }
        return out;
    }

    public void cancel() {
        run.cancel();
    }

    public void show(StoredBenchmark benchmark) {
        shown.set(benchmark);
    }

    public ReadOnlyObjectProperty<ModelRecord> modelProperty() {
        return model.getReadOnlyProperty();
    }






    public BenchSettings settings() {
        return settings;
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public BooleanBinding canRunProperty() {
        return canRun;
    }

    public RunState runState() {
        return run;
    }

    public ReadOnlyIntegerProperty liveRunProperty() {
        return liveRun.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<StoredBenchmark> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    public ObservableList<StoredBenchmark> history() {
        return historyView;
    }

    /** Count, min, mean, std, percentiles and max of the run on show. */
    public ObservableList<Figure> latencyFigures() {
        return latencyView;
    }

    /** Throughput, load time, memory, input, runtime and device of the run on show. */
    public ObservableList<Figure> runFigures() {
        return runView;
    }
}
