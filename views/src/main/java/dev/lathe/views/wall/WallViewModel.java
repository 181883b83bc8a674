package dev.lathe.views.wall;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.Devices;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.device.TelemetrySample;
import dev.lathe.engine.device.BenchmarkInterruptedException;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.store.AccuracyGap;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.engine.export.runtimes.RuntimeChoice;
import dev.lathe.engine.export.runtimes.RuntimeCopies;
import dev.lathe.engine.export.runtimes.RuntimeTarget;
import dev.lathe.views.benchmark.BenchSettings;
import dev.lathe.views.common.ErrorSink;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.UserMessages;
import dev.lathe.views.task.TaskHandle;
import dev.lathe.views.task.TaskRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The board wall's state: which variants of the selected model's family and which devices to run, the benchmark
 * configuration, one feed per device while they run (in parallel, one worker per device, the variants of a device
 * one after another), and a row per variant and device once runs end. Every run is stored by the workbench with
 * the fingerprint of the device it ran on. Latency runs may also tick runtimes: each variant is then measured in
 * each, its copy for another runtime exported once and kept by hash ({@link Workbench#inRuntime}).
 */
public final class WallViewModel {
    private final Workbench workbench;
    private final TaskRunner tasks;
    private final ErrorSink errors;
    private final Devices reach;

    private final BenchSettings settings = new BenchSettings();
    private final AccuracySettings accuracy;
    private final ObjectProperty<WallMeasure> measure = new SimpleObjectProperty<>(WallMeasure.LATENCY);
    private final ObservableList<AccuracyRow> accuracyRows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper saturation = new ReadOnlyStringWrapper("");
    private final ObservableList<AccuracyRow> accuracyRowsView =
            FXCollections.unmodifiableObservableList(accuracyRows);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper replaying = new ReadOnlyBooleanWrapper();
    private final Trouble trouble = new Trouble();
    private final ObservableList<WallChoice<ModelRecord>> variants = FXCollections.observableArrayList(
            c -> new javafx.beans.Observable[] {c.selected()});
    private final ObservableList<WallChoice<DeviceEntry>> devices = FXCollections.observableArrayList(
            c -> new javafx.beans.Observable[] {c.selected()});
    private final ObservableList<WallChoice<RuntimeChoice>> runtimes = FXCollections.observableArrayList(
            c -> new javafx.beans.Observable[] {c.selected()});
    private List<String> rowOrder = List.of();
    private final ObservableList<DeviceFeed> feeds = FXCollections.observableArrayList();
    private final ObservableList<DeviceFeed> feedsView = FXCollections.unmodifiableObservableList(feeds);
    private final ObservableList<WallRow> rows = FXCollections.observableArrayList();
    private final ObservableList<WallRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final List<String> seenDevices = new ArrayList<>();
    private final List<TaskHandle> workers = new ArrayList<>();
    private final AtomicReference<List<DeviceEntry>> pendingEntries = new AtomicReference<>();
    private final BooleanBinding canRun;
    private ModelRecord model;
    private AutoCloseable watching;
    private int generation;
    private int workersLeft;

    /** @param sampleDataset what the wall evaluates on until the user picks another dataset */
    public WallViewModel(Workbench workbench, TaskRunner tasks, ErrorSink errors, Optional<Path> sampleDataset) {
        this.workbench = workbench;
        this.tasks = tasks;
        this.errors = errors;
        this.reach = workbench.devices();
        this.accuracy = new AccuracySettings(sampleDataset);
        problem.bind(Bindings.createStringBinding(this::validate, Stream.of(Stream.of(settings.fields()),
                Stream.of(accuracy.fields()), Stream.of(variants, devices, runtimes, measure)).flatMap(s -> s)
                .toArray(Observable[]::new)));
        canRun = problem.isEmpty().and(running.not());
        for (RuntimeChoice r : RuntimeChoice.values()) {
            runtimes.add(WallChoice.of(r, r.label(), "", true, r == RuntimeChoice.ONNX_RUNTIME));
        }
    }

    /** Follows the workbench's devices from now on; its changes reach the device checkboxes on the FX thread. */
    public void watchDevices() {
        if (watching != null) {
            return;
        }
        watching = reach.watch(entries -> {
            if (pendingEntries.getAndSet(List.copyOf(entries)) == null) {
                Platform.runLater(() -> showDevices(pendingEntries.getAndSet(null)));
            }
        });
    }

    void showDevices(List<DeviceEntry> entries) {
        List<WallChoice<DeviceEntry>> next = new ArrayList<>();
        for (DeviceEntry e : entries) {
            boolean online = e.state() == DeviceState.ONLINE;
            Optional<WallChoice<DeviceEntry>> before = devices.stream()
                    .filter(c -> c.value().key().equals(e.key())).findFirst();
            // A device is ticked the first time it is seen online; after that the user's choice stands.
            boolean selected = before.map(c -> c.selected().get()).orElse(false);
            if (online && !seenDevices.contains(e.key())) {
                seenDevices.add(e.key());
                selected = true;
            }
            String note = online ? e.address() : state(e);
            next.add(WallChoice.of(e, e.name(), note, online, selected));
        }
        devices.setAll(next);
    }

    private static String state(DeviceEntry e) {
        String s = e.state().name().toLowerCase(java.util.Locale.ROOT);
        return e.detail().isBlank() ? s : s + ": " + e.detail();
    }

    /**
     * Shows the family of {@code next}: its first ancestor and every variant below it, grandchildren included. In
     * the family on show already (another member selected, a variant just made), the user's ticks stay and new
     * members arrive ticked; another family starts all ticked.
     */
    public void setModel(ModelRecord next) {
        model = next;
        if (next == null) {
            variants.clear();
            return;
        }
        tasks.run("Reading the family of " + next.name(), p -> family(next), list -> {
            if (model == null || !model.sha256().equals(next.sha256())) {
                return;
            }
            boolean sameFamily = !variants.isEmpty() && variants.get(0).value().sha256()
                    .equals(list.get(0).value().sha256());
            if (!sameFamily) {
                RuntimeTarget own = RuntimeTarget.of(list.get(0).value().format());
                runtimes.forEach(c -> c.selected().set(c.value() == ownChoice(own)));
            }
            if (sameFamily) {
                list.forEach(c -> variants.stream().filter(v -> v.value().sha256().equals(c.value().sha256()))
                        .findFirst().ifPresent(v -> c.selected().set(v.selected().get())));
            }
            variants.setAll(list);
        }, errors::report);
    }

    private List<WallChoice<ModelRecord>> family(ModelRecord of) throws LatheException {
        List<WallChoice<ModelRecord>> list = new ArrayList<>();
        for (ModelRecord m : workbench.family(of)) {
            list.add(WallChoice.of(m, m.name(), list.isEmpty() ? "original" : "variant", true, true));
        }
        return list;
    }

    private String validate() {
        String settingsProblem = measure.get() == WallMeasure.ACCURACY ? accuracy.problem() : settings.problem();
        if (!settingsProblem.isEmpty()) {
            return settingsProblem;
        }
        if (variants.stream().noneMatch(WallChoice::chosen)) {
            return variants.isEmpty() ? "Select a model on the left" : "Tick at least one variant";
        }
        if (measure.get() == WallMeasure.LATENCY && runtimes.stream().noneMatch(WallChoice::chosen)) {
            return "Tick at least one runtime";
        }
        if (devices.stream().noneMatch(WallChoice::chosen)) {
            return "Tick at least one online device (pair a board with lathe pair HOST:PORT --token TOKEN)";
        }
        return "";
    }


    /** Starts one worker per ticked device; each runs the ticked variants in order. */
    public void run() {
        if (!canRun.get()) {
            return;
        }
        WallMeasure what = measure.get();
        EvalRequest request = what == WallMeasure.ACCURACY ? accuracy.request() : null;
        List<ModelRecord> chosen = variants.stream().filter(WallChoice::chosen).map(WallChoice::value).toList();
        List<DeviceEntry> on = devices.stream().filter(WallChoice::chosen).map(WallChoice::value).toList();
        List<RuntimeChoice> in = runtimes.stream().filter(WallChoice::chosen).map(WallChoice::value).toList();
        start(what, chosen, on, in, settings.config(), request, SampleTap.NONE);
    }

    /**
     * A latency run of {@code models} on {@code on}, each in its own runtime, whatever the form has ticked: a demo
     * step's wall. Every sample also goes to {@code tap}, with the device's and the model's names, so it can be
     * recorded. Ignored while a run goes on.
     */
    public void runLatency(List<ModelRecord> models, List<DeviceEntry> on, BenchConfig config, SampleTap tap) {
        if (running.get() || models.isEmpty() || on.isEmpty()) {
            return;
        }
        List<RuntimeChoice> own = List.of(ownChoice(RuntimeTarget.of(models.get(0).format())));
        measure.set(WallMeasure.LATENCY);
        start(WallMeasure.LATENCY, List.copyOf(models), List.copyOf(on), own, config, null, tap);
    }

    private void start(WallMeasure what, List<ModelRecord> chosen, List<DeviceEntry> on, List<RuntimeChoice> in,
                       BenchConfig config, EvalRequest request, SampleTap tap) {
        rowOrder = chosen.stream().flatMap(m -> in.stream().map(r -> rowName(m, r, in))).toList();
        int run = ++generation;
        rows.clear();
        accuracyRows.clear();
        trouble.set("");
        replaying.set(false);
        warnAboutSaturation(run, chosen, on);
        workers.clear();
        List<DeviceFeed> next = new ArrayList<>();
        on.forEach(d -> next.add(new DeviceFeed(label(d))));
        feeds.setAll(next);
        running.set(true);
        workersLeft = on.size();
        status.set((what == WallMeasure.ACCURACY ? "Evaluating " : "Running ") + chosen.size()
                + (chosen.size() == 1 ? " variant" : " variants")
                + (what == WallMeasure.LATENCY && in.size() > 1 ? " in " + in.size() + " runtimes" : "") + " on " + on.size()
                + (on.size() == 1 ? " device" : " devices"));
        for (int i = 0; i < on.size(); i++) {
            DeviceEntry entry = on.get(i);
            DeviceFeed feed = next.get(i);
            int index = i;
            if (what == WallMeasure.ACCURACY) {
                workers.add(tasks.run("Board wall evaluating on " + entry.name(),
                        p -> evaluateOn(entry, index, chosen, request, feed),
                        done -> evaluated(run, done),
                        error -> failed(run, feed, error)));
            } else {
                workers.add(tasks.run("Board wall on " + entry.name(),
                        p -> runOn(entry, index, chosen, in, config, feed, tap),
                        done -> finished(run, done),
                        error -> failed(run, feed, error)));
            }
        }
    }

    /**
     * Shows {@code replayed} in the panels instead of a live run (a demo's rehearsal, replayed): a run going on is
     * cancelled first, and its results no longer arrive. {@link #replayEnded()} ends it.
     */
    public void replay(List<DeviceFeed> replayed) {
        cancel();
        generation++;
        workers.clear();
        rows.clear();
        accuracyRows.clear();
        feeds.setAll(replayed);
        replaying.set(true);
        running.set(true);
        status.set("Replaying the rehearsal");
    }

    public void replayEnded() {
        if (replaying.get()) {
            replaying.set(false);
            running.set(false);
            status.set("Replay ended");
        }
    }

    /**
     * Says, beside the running wall, which ticked variants have int8 weights that saturate a ticked device's int8
     * kernels: their figures there will be lower than on the others, for a reason the table alone would not show.
     */
    private void warnAboutSaturation(int run, List<ModelRecord> chosen, List<DeviceEntry> on) {
        saturation.set("");
        tasks.run("Checking int8 weights against the devices' int8 paths", p -> {
            List<String> said = new ArrayList<>();
            for (DeviceEntry entry : on) {
                var device = reach.device(entry.key()).describe();
                for (ModelRecord m : chosen) {
                    workbench.saturationWarning(m, device).ifPresent(w -> said.add("⚠ " + w.sentence()));
                }
            }
            return String.join("\n", said);
        }, said -> {
            if (run == generation) {
                saturation.set(said);
            }
        }, error -> { });
    }

    /** Evaluates the variants one after another on one device; a failure ends only that variant's row. */
    private List<AccuracyRow> evaluateOn(DeviceEntry entry, int index, List<ModelRecord> chosen, EvalRequest request,
                                         DeviceFeed feed) throws LatheException {
        Device device = reach.device(entry.key());
        List<AccuracyRow> out = new ArrayList<>();
        for (int v = 0; v < chosen.size(); v++) {
            ModelRecord m = chosen.get(v);
            String label = m.name() + (chosen.size() > 1 ? " (" + (v + 1) + " of " + chosen.size() + ")" : "");
            feed.begin(label + " · starting");
            Progress progress = (done, total, message) -> feed.report(done, total, label + " · " + message);
            try {
                StoredEvaluation e = workbench.evaluate(m, device, request, progress);
                feed.evaluated(m.name(), e.result().top1());
                out.add(AccuracyRow.measured(m.name(), label(entry), index, e));
            } catch (CancelledException e) {
                throw e;
            } catch (LatheException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancelledException("The board wall");
                }
                out.add(AccuracyRow.failed(m.name(), label(entry), index, "failed: " + UserMessages.describe(e)));
            }
        }
        long failed = out.stream().filter(r -> r.evaluation().isEmpty()).count();
        feed.end(failed == 0 ? "Done: " + out.size() + (out.size() == 1 ? " evaluation" : " evaluations")
                : "Ended: " + failed + " of " + out.size() + " evaluations failed");
        return out;
    }

    private void evaluated(int run, List<AccuracyRow> done) {
        if (run != generation) {
            return;
        }
        List<AccuracyRow> all = new ArrayList<>(accuracyRows);
        all.addAll(done);
        List<String> order = variants.stream().map(WallChoice::label).toList();
        all.sort(Comparator.comparingInt((AccuracyRow r) -> order.indexOf(r.variant()))
                .thenComparingInt(AccuracyRow::deviceIndex));
        accuracyRows.setAll(AccuracyComparison.compare(all, workbench.thisComputer().id()));
        workerDone();
    }

    /** Two boards may share a host name; the address tells their panels and rows apart. */
    static String label(DeviceEntry d) {
        return d.isThisComputer() ? d.name() : d.name() + "  ·  " + d.address();
    }

    /**
     * The ExecuTorch choice for a family stored as programs is XNNPACK's only by name: a program runs as it is,
     * whatever its delegate, and its rows say so ({@link #rowName}).
     */
    private static RuntimeChoice ownChoice(RuntimeTarget own) {
        return switch (own) {
            case ONNX_RUNTIME -> RuntimeChoice.ONNX_RUNTIME;
            case EXECUTORCH -> RuntimeChoice.EXECUTORCH_XNNPACK;
            case LIBTORCH -> RuntimeChoice.LIBTORCH;
        };
    }

    /** A variant's name, with the runtime when the wall runs more than one or not the variant's own. */
    static String rowName(ModelRecord m, RuntimeChoice r, List<RuntimeChoice> in) {
        boolean own = r == ownChoice(RuntimeTarget.of(m.format()));
        if (in.size() == 1 && own) {
            return m.name();
        }
        return m.name() + " · " + (own ? RuntimeTarget.of(m.format()).runtime().displayName() : r.displayName());
    }

    private List<WallRow> runOn(DeviceEntry entry, int index, List<ModelRecord> chosen, List<RuntimeChoice> in,
                                BenchConfig settings, DeviceFeed feed, SampleTap tap) throws LatheException {
        Device device = reach.device(entry.key());
        List<WallRow> out = new ArrayList<>();
        int runs = chosen.size() * in.size();
        for (int v = 0; v < runs; v++) {
            ModelRecord variant = chosen.get(v / in.size());
            RuntimeChoice runtime = in.get(v % in.size());
            String name = rowName(variant, runtime, in);
            String label = name + (runs > 1 ? " (" + (v + 1) + " of " + runs + ")" : "");
            boolean own = runtime == ownChoice(RuntimeTarget.of(variant.format()));
            feed.begin(label + (own ? " · starting" : " · exporting for " + runtime.displayName()));
            ModelRecord m;
            try {
                m = workbench.inRuntime(variant, runtime.target(), runtime.delegateOrDefault(), Optional.empty())
                        .model();
            } catch (CancelledException e) {
                throw e;
            } catch (LatheException e) {
                out.add(WallRow.partial(name, label(entry), index, new long[0], List.of(),
                        "failed: " + UserMessages.describe(e)));
                continue;
            }
            BenchConfig config = m.format() == variant.format() ? settings
                    : m.inputShape().map(settings::withInputShape).orElse(settings);
            List<TelemetrySample> telemetry = Collections.synchronizedList(new ArrayList<>());
            Progress progress = (done, total, message) -> feed.report(done, total, label + " · " + message);
            try {
                SampleListener heard = tap == SampleTap.NONE ? feed : (i, nanos) -> {
                    feed.sample(i, nanos);
                    tap.sample(label(entry), name, nanos);
                };
                StoredBenchmark stored = workbench.benchmark(m, device, config, heard, s -> {
                    telemetry.add(s);
                    feed.telemetry(s);
                }, progress);
                feed.measured(stored.result().stats());
                out.add(WallRow.measured(name, label(entry), index, stored.result(), List.copyOf(telemetry)));
            } catch (BenchmarkInterruptedException e) {
                // The device went away: its later variants cannot run either; the other devices go on.
                String outcome = "interrupted: " + Formats.count(e.samplesSoFar().length) + " samples kept";
                out.add(WallRow.partial(name, label(entry), index, e.samplesSoFar(), List.copyOf(telemetry),
                        outcome));
                feed.end(outcome);
                return out;
            } catch (CancelledException e) {
                throw e;
            } catch (LatheException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancelledException("The board wall");
                }
                out.add(WallRow.partial(name, label(entry), index, new long[0], List.copyOf(telemetry),
                        "failed: " + UserMessages.describe(e)));
            }
        }
        feed.end(out.stream().allMatch(r -> r.outcome().equals("done")) ? "Done: " + out.size()
                + (out.size() == 1 ? " run" : " runs") : "Ended: " + out.stream().filter(r -> !r.outcome()
                .equals("done")).count() + " of " + out.size() + " runs failed");
        return out;
    }

    private void finished(int run, List<WallRow> done) {
        if (run != generation) {
            return;
        }
        done.stream().filter(r -> !r.outcome().equals("done")).findFirst()
                .ifPresent(r -> trouble.compareAndSet(r.device() + ": " + r.outcome()));
        if (run != generation) {
            return;  // whoever heard of the trouble replaced this run (a replay)
        }
        rows.addAll(done);
        List<String> order = rowOrder;
        rows.sort(Comparator.comparingInt((WallRow r) -> order.indexOf(r.variant()))
                .thenComparingInt(WallRow::deviceIndex));
        workerDone();
    }

    private void failed(int run, DeviceFeed feed, Throwable error) {
        if (run != generation) {
            return;
        }
        boolean cancelled = error instanceof CancelledException;
        feed.end(cancelled ? "Cancelled" : "Failed: " + UserMessages.describe(error));
        if (!cancelled) {
            trouble.compareAndSet(feed.device() + ": " + UserMessages.describe(error));
            if (run != generation) {
                return;
            }
        }
        workerDone();
    }

    private void workerDone() {
        if (--workersLeft == 0) {
            running.set(false);
            workers.clear();
            int count = rows.size() + accuracyRows.size();
            long flagged = accuracyRows.stream().filter(AccuracyRow::flagged).count();
            status.set(count == 0 ? "No run finished" : "Finished: " + count + (count == 1 ? " row" : " rows")
                    + ", stored with each device's fingerprint" + (flagged == 0 ? ""
                    : "; " + flagged + (flagged == 1 ? " variant's" : " variants'") + " top-1 differs from this "
                    + "computer's by more than " + Formats.decimal(AccuracyGap.LIMIT_POINTS, 1) + " pp"));
        }
    }

    public void cancel() {
        List.copyOf(workers).forEach(TaskHandle::cancel);
    }

    /** Hears every latency of a {@link #runLatency} run, on the devices' threads. */
    @FunctionalInterface
    public interface SampleTap {
        SampleTap NONE = (device, model, nanos) -> { };

        void sample(String device, String model, long nanos);
    }

    /** The first problem of a run; later ones do not replace it. */
    private static final class Trouble extends ReadOnlyStringWrapper {
        Trouble() {
            super("");
        }

        void compareAndSet(String problem) {
            if (get().isEmpty()) {
                set(problem);
            }
        }
    }

    /** Cancels the runs and stops following the devices. */
    public void close() {
        cancel();
        if (watching != null) {
            try {
                watching.close();
            } catch (Exception e) {
                // Nothing to do: the devices go with the workbench.
            }
            watching = null;
        }
    }

    public ObservableList<WallChoice<ModelRecord>> variants() {
        return variants;
    }

    public ObservableList<WallChoice<DeviceEntry>> devices() {
        return devices;
    }

    /** The runtimes a latency run measures each variant in; the family's own is ticked when it is shown. */
    public ObservableList<WallChoice<RuntimeChoice>> runtimes() {
        return runtimes;
    }

    /** One feed per device of the current (or last) run, in the order of the device list. */
    public ObservableList<DeviceFeed> feeds() {
        return feedsView;
    }

    public ObservableList<WallRow> rows() {
        return rowsView;
    }

    /** One row per variant and device of the last accuracy run, each set against this computer's figure. */
    public ObservableList<AccuracyRow> accuracyRows() {
        return accuracyRowsView;
    }

    /** Ticked variants whose int8 weights saturate a ticked device's kernels, one line each; empty when none. */
    public ReadOnlyStringProperty saturationProperty() {
        return saturation.getReadOnlyProperty();
    }

    public ObjectProperty<WallMeasure> measureProperty() {
        return measure;
    }

    public AccuracySettings accuracy() {
        return accuracy;
    }


    public BenchSettings settings() {
        return settings;
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Whether the panels show a replayed rehearsal rather than a live run. */
    public ReadOnlyBooleanProperty replayingProperty() {
        return replaying.getReadOnlyProperty();
    }

    /**
     * The first thing that went wrong in the current run (a device that failed or went away, with what happened),
     * as soon as it happens, while other devices may still run; empty while all goes well.
     */
    public ReadOnlyStringProperty troubleProperty() {
        return trouble.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public BooleanBinding canRunProperty() {
        return canRun;
    }
}
