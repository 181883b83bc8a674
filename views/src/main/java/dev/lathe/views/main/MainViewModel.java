package dev.lathe.views.main;

import dev.lathe.engine.demo.DemoParser;
import dev.lathe.engine.demo.Rehearsals;
import dev.lathe.views.demo.DemoCheck;
import dev.lathe.views.demo.DemoPlayer;
import dev.lathe.views.demo.DemoSteps;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.ViewServices;
import dev.lathe.views.benchmark.BenchmarkViewModel;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.InputShapeGate;
import dev.lathe.views.chart.ChartFiles;
import dev.lathe.views.common.SaturationAdvice;
import dev.lathe.views.common.ShapePrompt;
import dev.lathe.views.evaluate.EvaluateViewModel;
import dev.lathe.views.export.ExportViewModel;
import dev.lathe.views.compare.CompareViewModel;
import dev.lathe.views.devices.DevicesViewModel;
import dev.lathe.views.model.ModelViewModel;
import dev.lathe.views.optimize.OptimizeViewModel;
import dev.lathe.views.wall.WallViewModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The window's state: the models in the store, the one selected, recent files, and what this computer is. */
public final class MainViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(MainViewModel.class);

    private final ViewServices services;
    private final ObservableList<ModelRecord> models = FXCollections.observableArrayList();
    private final ObservableList<ModelRecord> modelsView = FXCollections.unmodifiableObservableList(models);
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final ObservableList<Path> recentView = FXCollections.unmodifiableObservableList(recent);
    private final ReadOnlyObjectWrapper<ModelRecord> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper listed = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper device = new ReadOnlyStringWrapper("Describing this computer…");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final BooleanBinding firstRun;
    private final BooleanBinding canExport;
    private final ModelViewModel model;
    private final EvaluateViewModel evaluate;
    private final BenchmarkViewModel benchmark;
    private final OptimizeViewModel optimize;
    private final CompareViewModel compare;
    private final DevicesViewModel devices;
    private final WallViewModel wall;
    private final SaturationAdvice advice;
    private final ChartFiles charts;
    private final ReadOnlyStringWrapper requestedTab = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<DemoPlayer> demo = new ReadOnlyObjectWrapper<>();
    private ModelRecord demoModel;

    private record Listing(List<ModelRecord> models, List<Path> recent, Optional<ModelRecord> opened) {
    }

    public MainViewModel(ViewServices services, ShapePrompt prompt) {
        this.services = services;
        model = new ModelViewModel(services.workbench(), services.tasks());
        InputShapeGate gate = new InputShapeGate(services.workbench(), services.tasks(), prompt, services.errors());
        evaluate = new EvaluateViewModel(services.workbench(), services.tasks(), services.errors(), gate,
                services.sampleDataset());
        benchmark = new BenchmarkViewModel(services.workbench(), services.tasks(), services.errors(), gate);
        optimize = new OptimizeViewModel(services.workbench(), services.tasks(), services.errors(),
                services.sampleDataset(), services.sampleTraining(), this::showMade);
        compare = new CompareViewModel(services.workbench(), services.tasks(), services.errors(),
                services.sampleDataset());
        devices = new DevicesViewModel(services.workbench().devices(), services.tasks(), Platform::runLater);
        wall = new WallViewModel(services.workbench(), services.tasks(), services.errors(),
                services.sampleDataset());
        charts = new ChartFiles(services.tasks(), services.errors());
        advice = new SaturationAdvice(services.workbench(), services.tasks(), this::remakeWithSafeWeights);
        firstRun = listed.getReadOnlyProperty().and(Bindings.isEmpty(models));
        canExport = Bindings.isNotNull(selected);
        selected.addListener((obs, old, now) -> {
            model.show(now);
            // A re-listed record of the same model keeps the tabs' history and runs.
            if (old == null || now == null || !old.sha256().equals(now.sha256())) {
                advice.check(now);
                evaluate.setModel(now);
                benchmark.setModel(now);
                optimize.setModel(now);
            }
            compare.setModel(now);
            wall.setModel(now);
        });
    }

    /** Lists the store and describes this computer, both in the background, and follows the devices. */
    public void start() {
        devices.start();
        services.tasks().run("Reading the experiment store",
                p -> new Listing(services.workbench().models(), services.recentFiles().list(), Optional.empty()),
                this::listed, services.errors()::report);
        services.tasks().run("Describing this computer", p -> services.workbench().thisComputer(),
                d -> device.set(describe(d)),
                error -> {
                    // Not worth a dialog: the window works without it, and a benchmark would report the same cause.
                    LOG.warn("Cannot describe this computer", error);
                    device.set("This computer (not described: " + error.getMessage() + ")");
                });
    }

    /** Beside "This computer: ready", so without a second name for it (its host name). */
    static String describe(DeviceFingerprint d) {
        return d.cpuModel() + ", " + d.cores() + " cores, " + Formats.bytes(d.memoryBytes()) + " · "
                + d.runtimesLabel();
    }

    /** Makes an int8 variant again with weights no CPU saturates, in the Optimize tab, which comes to the front. */
    private void remakeWithSafeWeights(ModelRecord variant) {
        optimize.remakeWithSafeWeights(variant);
        requestedTab.set(null);
        requestedTab.set("tab-optimize");
    }

    /** The tab some action brought forward (its id), for the view to select. */
    public ReadOnlyStringProperty requestedTabProperty() {
        return requestedTab.getReadOnlyProperty();
    }

    /** Whether the selected model's int8 weights saturate this computer's int8 kernels, and the way out. */
    public SaturationAdvice advice() {
        return advice;
    }

    /** Opens a model file, remembers it in the store and in the recent files, and selects it. */
    public void open(Path file) {
        services.tasks().run("Opening " + file.getFileName(), p -> {
            ModelRecord opened = services.workbench().open(file);
            List<Path> recentNow = services.recentFiles().add(file);
            return new Listing(services.workbench().models(), recentNow, Optional.of(opened));
        }, this::listed, services.errors()::report);
    }

    /** Lists the store again and selects a variant just made, so it shows under its parent. */
    private void showMade(ModelRecord made) {
        services.tasks().run("Reading the experiment store",
                p -> new Listing(services.workbench().models(), services.recentFiles().list(), Optional.of(made)),
                this::listed, services.errors()::report);
    }

    /**
     * File › Export… for the selected model (a variant or not), empty when none is selected; what it writes shows in the
     * status bar too.
     */
    public Optional<ExportViewModel> exportSelected() {
        ModelRecord model = selected.get();
        if (model == null) {
            return Optional.empty();
        }
        return Optional.of(new ExportViewModel(services.workbench(), services.tasks(), model,
                files -> notice.set("Exported " + files.stream().map(f -> f.getFileName().toString())
                        .collect(Collectors.joining(", ")) + " to " + files.get(0).getParent())));
    }

    /**
     * File › Report… for the selected model: the report of its family (page, PDF, JSON, CSV) written into
     * {@code folder} in the background; the status bar then names the folder and the page. False when no model is
     * selected.
     */
    public boolean reportSelected(Path folder) {
        ModelRecord model = selected.get();
        if (model == null) {
            return false;
        }
        services.tasks().run("Writing the report of " + model.name(), p -> services.workbench().report(model, folder),
                written -> notice.set("Report of " + model.name() + "'s family written to " + written.folder()
                        + ": " + written.all().stream().map(f -> f.getFileName().toString())
                        .collect(Collectors.joining(", "))),
                services.errors()::report);
        return true;
    }

    public void openSample() {
        services.sampleModel().ifPresent(this::open);
    }

    private void listed(Listing listing) {
        String keep = listing.opened().map(ModelRecord::sha256)
                .orElse(selected.get() == null ? null : selected.get().sha256());
        models.setAll(listing.models());
        recent.setAll(listing.recent());
        listed.set(true);
        ModelRecord next = keep == null ? null
                : listing.models().stream().filter(m -> m.sha256().equals(keep)).findFirst().orElse(null);
        selected.set(next);
    }

    public void select(ModelRecord record) {
        selected.set(record);
    }

    /** Stops runs that would otherwise go on after the window has closed. */
    public void close() {
        if (demo.get() != null) {
            demo.get().close();
        }
        evaluate.cancel();
        benchmark.cancel();
        optimize.cancel();
        compare.cancel();
        devices.close();
        wall.close();
    }

    /**
     * Reads a demo scenario in the background and, when it reads, makes its player: steps run on this window's
     * workbench and wall, rehearsals are kept in Lathe's data folder ({@code rehearsals/}), exports without a folder
     * of their own go to {@code demo-exports/} there. A scenario that does not read is one line in a dialog.
     */
    public void openDemo(Path file) {
        Path data = services.recentFiles().folder();
        services.tasks().run("Reading the demo " + file.getFileName(), p -> new DemoParser().parse(file), scenario -> {
            if (demo.get() != null) {
                demo.get().close();
            }
            DemoPlayer player = new DemoPlayer(scenario, new DemoSteps(services.workbench(),
                    data.resolve("demo-exports")), services.tasks(), wall, this::showOnStage,
                    new Rehearsals(data.resolve("rehearsals")));
            demo.set(player);
            player.check(new DemoCheck(services.workbench()));
        }, services.errors()::report);
    }

    /**
     * A demo's model on stage: only the wall and Compare, which the stage shows, follow it. Selecting it would have
     * every tab redraw its charts on the FX thread (100 ms and more), a stall the room would see; the window selects
     * it when Stage view ends ({@link #selectDemoModel()}).
     */
    private void showOnStage(ModelRecord model) {
        demoModel = model;
        compare.setModel(model);
        wall.setModel(model);
    }

    /** Leaving Stage view: the demo's latest model is selected in the window, as if opened there. */
    public void selectDemoModel() {
        if (demoModel != null) {
            showMade(demoModel);
            demoModel = null;
        }
    }

    /** The demo being played, if one was opened. */
    public ReadOnlyObjectProperty<DemoPlayer> demoProperty() {
        return demo.getReadOnlyProperty();
    }

    /** Where the sample demo scenarios are, beside the sample model, when installed. */
    public Optional<java.io.File> sampleDemos() {
        return services.sampleModel().map(m -> m.toAbsolutePath().getParent().resolveSibling("demo").toFile())
                .filter(java.io.File::isDirectory);
    }

    public boolean offersSample() {
        return services.sampleModel().isPresent();
    }

    public ObservableList<ModelRecord> models() {
        return modelsView;
    }

    public ObservableList<Path> recent() {
        return recentView;
    }

    public ReadOnlyObjectProperty<ModelRecord> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public BooleanBinding firstRunProperty() {
        return firstRun;
    }

    /** True while a model is selected: any model in the store can be exported. */
    public BooleanBinding canExportProperty() {
        return canExport;
    }

    /** The outcome of the last action that leaves no other trace on screen, like an export; empty at first. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty deviceProperty() {
        return device.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty activityProperty() {
        return services.tasks().activityProperty();
    }

    public ModelViewModel model() {
        return model;
    }

    public WallViewModel wall() {
        return wall;
    }

    public EvaluateViewModel evaluate() {
        return evaluate;
    }

    public BenchmarkViewModel benchmark() {
        return benchmark;
    }

    public OptimizeViewModel optimize() {
        return optimize;
    }

    public CompareViewModel compare() {
        return compare;
    }

    public DevicesViewModel devices() {
        return devices;
    }

    /** Where every chart's Save as PNG… and Save as SVG… write, off the FX thread. */
    public ChartFiles charts() {
        return charts;
    }
}
