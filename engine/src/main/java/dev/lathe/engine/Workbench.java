package dev.lathe.engine;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.device.BenchmarkInterruptedException;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.Devices;
import dev.lathe.engine.device.LocalDevice;
import dev.lathe.engine.device.RunnerSettings;
import dev.lathe.engine.device.directory.WorkbenchDevices;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.device.TelemetrySample;
import dev.lathe.engine.device.remote.BoardFidelity;
import dev.lathe.engine.device.remote.RemoteDevice;
import dev.lathe.engine.eval.ClassLabels;
import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.export.VariantExporter;
import dev.lathe.engine.export.pte.PteDelegate;
import dev.lathe.engine.export.runtimes.RuntimeCopies;
import dev.lathe.engine.export.runtimes.RuntimeTarget;
import dev.lathe.engine.export.pte.PteFileExporter;
import dev.lathe.engine.export.torchscript.TorchScriptFileExporter;
import dev.lathe.engine.model.pte.PteReader;
import dev.lathe.engine.model.pte.PteSummary;
import dev.lathe.engine.files.Overwrite;
import dev.lathe.engine.fidelity.FidelityMeter;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.fidelity.ReferenceFidelity;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.inspect.ModelInspector;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.provenance.Provenance;
import dev.lathe.engine.report.FamilyReport;
import dev.lathe.engine.report.PdfRenderer;
import dev.lathe.engine.report.ReportWriter;
import dev.lathe.engine.quantize.SaturationCheck;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.torchscript.PyTorchEngine;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.RuntimeCopyLink;
import dev.lathe.engine.store.RuntimeRun;
import dev.lathe.engine.store.StoreException;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.engine.variant.OptimizeRequest;
import dev.lathe.engine.variant.Optimizer;
import dev.lathe.engine.variant.QuantizeStepRunner;
import dev.lathe.engine.variant.QuantizeSteps;
import dev.lathe.engine.variant.RecipeRunner;
import dev.lathe.engine.variant.Remaker;
import dev.lathe.engine.variant.SaturationWarning;
import dev.lathe.engine.variant.TrainingStepRunner;
import dev.lathe.engine.variant.TrainingSteps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one door to the engine for the GUI and the CLI. Every call blocks, so call it off the FX thread; long calls
 * report progress and stop with {@link CancelledException} when their thread is interrupted. Work is stored only
 * once it has succeeded, except a benchmark a device broke off, which is kept marked as interrupted.
 */
public final class Workbench implements AutoCloseable {
    private final ExperimentStore store;
    private final ModelInspector inspector;
    private final Devices devices;
    private final Device thisComputer;
    private final VariantTools variantTools;
    private final Map<String, SaturationCheck.Report> saturation = new ConcurrentHashMap<>();
    private final ReportWriter reports;

    /** What recipes, fidelity and export need. */
    private record VariantTools(Optimizer optimizer, FidelityMeter fidelity, BoardFidelity boardFidelity,
                                VariantExporter exporter, Remaker remaker, RuntimeCopies runtimeCopies) {
    }

    private Workbench(Builder b, Devices devices) {
        this.store = b.store;
        this.inspector = new ModelInspector(b.torchScript);
        this.devices = devices;
        this.thisComputer = devices.thisComputer();
        this.reports = new ReportWriter(Optional.ofNullable(b.reportPdf));
        Path variantDir = store.file().toAbsolutePath().resolveSibling("variants");
        QuantizeStepRunner steps = b.quantizeSteps != null ? b.quantizeSteps : new QuantizeSteps(b.runtimes);
        TrainingStepRunner training = b.trainingSteps != null ? b.trainingSteps : new TrainingSteps(
                b.pytorch != null ? b.pytorch : new PyTorchEngine(b.cacheDir.resolve("djl")), b.runtimes,
                b.cacheDir.resolve("soft-targets"));
        Optimizer optimizer = new Optimizer(store, thisComputer, new RecipeRunner(steps, training, b.runtimes,
                inspector, variantDir));
        FidelityMeter fidelity = new FidelityMeter(b.runtimes);
        VariantExporter exporter = new VariantExporter(store);
        this.variantTools = new VariantTools(optimizer, fidelity, new BoardFidelity(new ReferenceFidelity(b.runtimes)),
                exporter, new Remaker(store, optimizer, fidelity),
                new RuntimeCopies(variantDir.resolveSibling("exports"), exporter));
    }

    /** Assembles a workbench from its pieces; see {@link Builder} for which are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * How a workbench is put together. Required: {@link #store}, {@link #runtimes}, {@link #torchScript} and
     * {@link #cacheDir}; {@link #build()} names the first one missing. The rest have defaults: quantize and convert
     * steps on the runtimes, training steps on PyTorch unpacked into the cache folder, and this computer alone,
     * running in this process, as the only device.
     */
    public static final class Builder {
        private ExperimentStore store;
        private Runtimes runtimes;
        private ModelInspector.TorchScriptSummarizer torchScript;
        private Path cacheDir;
        private PyTorchEngine pytorch;
        private QuantizeStepRunner quantizeSteps;
        private TrainingStepRunner trainingSteps;
        private Function<Device, Devices> devices = Devices::inProcess;
        private PdfRenderer reportPdf;

        private Builder() {
        }

        /** Where models, variants and runs are kept; variant files go in a {@code variants} folder beside its file. */
        public Builder store(ExperimentStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Runs parents and variants for fidelity, every new variant once before it is stored, and in-process runs. */
        public Builder runtimes(Runtimes runtimes) {
            this.runtimes = Objects.requireNonNull(runtimes, "runtimes");
            return this;
        }

        /** How TorchScript files are summarized (a model worker's, or one that refuses them). */
        public Builder torchScript(ModelInspector.TorchScriptSummarizer summarizer) {
            this.torchScript = Objects.requireNonNull(summarizer, "summarizer");
            return this;
        }

        /** Where PyTorch's natives, distillation's soft targets and the runner's unpacked runtimes are cached. */
        /** What makes a report's PDF; without one, {@link Workbench#report} writes the page, JSON and CSV only. */
        public Builder reportPdf(PdfRenderer renderer) {
            this.reportPdf = renderer;
            return this;
        }

        public Builder cacheDir(Path cacheDir) {
            this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
            return this;
        }

        /** The PyTorch engine training steps run on; by default one unpacking into {@code <cacheDir>/djl}. */
        public Builder pytorch(PyTorchEngine pytorch) {
            this.pytorch = Objects.requireNonNull(pytorch, "pytorch");
            return this;
        }

        /** Carries out recipe steps that quantize or convert; by default on {@link #runtimes}. */
        public Builder quantizeSteps(QuantizeStepRunner steps) {
            this.quantizeSteps = Objects.requireNonNull(steps, "steps");
            return this;
        }

        /** Carries out recipe steps that train; by default on {@link #pytorch} and {@link #runtimes}. */
        public Builder trainingSteps(TrainingStepRunner training) {
            this.trainingSteps = Objects.requireNonNull(training, "training");
            return this;
        }

        /**
         * The devices of a window, started by {@link #build()} in the background: this computer's runner, the boards
         * paired in {@code devicesFile} asked every few seconds whether they answer, and the agents announced on the
         * local network when {@code discoverOnNetwork}. Where they cannot start, this computer is listed as offline
         * saying why, and its runs happen in this process. {@link Workbench#close()} stops them.
         */
        public Builder watchedDevices(RunnerSettings runner, Path devicesFile, boolean discoverOnNetwork) {
            Objects.requireNonNull(runner, "runner");
            Objects.requireNonNull(devicesFile, "devicesFile");
            this.devices = local -> WorkbenchDevices.watched(runner, cacheDir, devicesFile, discoverOnNetwork, local);
            return this;
        }

        /**
         * The devices of one command: this computer's runner, started at the first run on it (or by
         * {@link Devices#startThisComputer()}), and the boards paired in {@code devicesFile}, each reached when a run
         * names it. {@link Workbench#close()} stops the runner and drops the connections.
         */
        public Builder devicesOnDemand(RunnerSettings runner, Path devicesFile) {
            Objects.requireNonNull(runner, "runner");
            Objects.requireNonNull(devicesFile, "devicesFile");
            this.devices = local -> WorkbenchDevices.onDemand(runner, cacheDir, devicesFile, local);
            return this;
        }

        /**
         * The entries of a directory made elsewhere (a test's), which its maker closes; this computer's runs happen
         * in this process.
         */
        public Builder devices(DeviceDirectory directory) {
            Objects.requireNonNull(directory, "directory");
            this.devices = local -> Devices.of(directory, local);
            return this;
        }

        /**
         * The workbench, with its devices started as chosen.
         *
         * @throws IllegalStateException naming the first required piece that was not given
         */
        public Workbench build() {
            require(store, "store(ExperimentStore): where models and runs are kept");
            require(runtimes, "runtimes(Runtimes): what runs models");
            require(torchScript, "torchScript(TorchScriptSummarizer): how TorchScript files are summarized");
            require(cacheDir, "cacheDir(Path): where natives and soft targets are cached");
            return new Workbench(this, devices.apply(new LocalDevice(runtimes)));
        }

        private static void require(Object piece, String what) {
            if (piece == null) {
                throw new IllegalStateException("A workbench needs " + what + "; it was not given to the builder");
            }
        }
    }

    /** This computer and the boards: the one way to list, pair, forget and reach a device. */
    public Devices devices() {
        return devices;
    }

    /** Reads a model's summary without remembering it. */
    public ModelSummary inspect(Path file) throws LatheException {
        return inspector.inspect(file);
    }

    /** Reads an ExecuTorch program's table of contents (methods, operators, delegates, memory) without running it. */
    public PteSummary inspectPte(Path file) throws LatheException {
        return PteReader.read(file);
    }

    /**
     * The table of contents of an ExecuTorch program in the store (the Model view's methods, delegates, arenas and
     * segments), read from its file once that is checked to be the file that was opened.
     */
    public PteSummary inspectPte(ModelRecord program) throws LatheException {
        if (program.format() != ModelFormat.PTE) {
            throw new ModelFormatException(program.name(), "is no ExecuTorch program (its format is "
                    + program.format().displayName() + ")");
        }
        return PteReader.read(handle(program).file());
    }

    /** Reads a model and remembers it (opening a known file again only updates where it lives). */
    public ModelRecord open(Path file) throws LatheException {
        ModelSummary summary = inspector.inspect(file);
        return store.addModel(summary, file, Optional.empty());
    }

    public List<ModelRecord> models() throws StoreException {
        return store.models();
    }

    public Optional<ModelRecord> model(String sha256) throws StoreException {
        return store.model(sha256);
    }

    /** Remembers the input shape a user gave for a model that declares none. */
    public ModelRecord rememberInputShape(ModelRecord model, long[] shape) throws StoreException {
        store.setInputShape(model.sha256(), shape);
        return store.model(model.sha256()).orElseThrow();
    }

    public DeviceFingerprint thisComputer() {
        return thisComputer.describe();
    }

    /** What to call a device a run or evaluation recorded: "This computer" for this one, else its host name. */
    public String nameOf(DeviceFingerprint device) {
        return device.nameFor(thisComputer().id());
    }

    public StoredEvaluation evaluate(ModelRecord model, EvalRequest request, Progress progress) throws LatheException {
        return evaluate(model, thisComputer, request, progress);
    }

    /** Evaluates on {@code device} (this computer or a paired board); the result is stored with its fingerprint. */
    public StoredEvaluation evaluate(ModelRecord model, Device device, EvalRequest request, Progress progress)
            throws LatheException {
        ModelHandle handle = handle(model);
        progress.report(0, -1, "Reading " + request.dataset().getFileName());
        Dataset data = Datasets.open(request.dataset(), request.labelColumn());
        String datasetSha = data.sha256();
        EvaluationResult result = ClassLabels.named(device.evaluate(handle, data, request, progress), model.summary());
        return store.addEvaluation(model.sha256(), device.describe(), data.name(), request.dataset(), datasetSha, result);
    }

    public StoredBenchmark benchmark(ModelRecord model, BenchConfig config, SampleListener samples, Progress progress)
            throws LatheException {
        return benchmark(model, thisComputer, config, samples, progress);
    }

    /** Benchmarks on {@code device} (this computer or a paired board); the run is stored with its fingerprint. */
    public StoredBenchmark benchmark(ModelRecord model, Device device, BenchConfig config, SampleListener samples,
                                     Progress progress) throws LatheException {
        return benchmark(model, device, config, samples, sample -> { }, progress);
    }

    /**
     * As above, with the device's sensor readings during the run handed to {@code telemetry}. A run the device
     * does not finish (agent killed, network cut) is stored as interrupted with the samples measured so far, and
     * its {@link BenchmarkInterruptedException} is thrown again carrying the stored run's id; one that ends before
     * its first sample stores nothing.
     */
    public StoredBenchmark benchmark(ModelRecord model, Device device, BenchConfig config, SampleListener samples,
                                     Consumer<TelemetrySample> telemetry, Progress progress) throws LatheException {
        ModelHandle handle = handle(model);
        long startedAt = System.currentTimeMillis();
        BenchmarkResult result;
        try {
            result = device.benchmark(handle, config, samples, telemetry, progress);
        } catch (BenchmarkInterruptedException e) {
            if (e.samplesKept() == 0) {
                throw e;
            }
            long[] shape = config.inputShape().or(handle::inputShape).orElse(new long[0]);
            BenchmarkResult soFar = BenchmarkResult.ofSamplesSoFar(config, shape, device.describe(),
                    e.samplesSoFar(), startedAt);
            throw e.storedAs(store.addInterruptedBenchmark(model.sha256(), soFar, e.reason()).id());
        }
        return store.addBenchmark(model.sha256(), result);
    }

    public List<StoredEvaluation> evaluations(ModelRecord model) throws StoreException {
        return store.evaluations(model.sha256());
    }

    /** Newest first, finished and interrupted ({@link StoredBenchmark#interrupted()}). */
    public List<StoredBenchmark> benchmarks(ModelRecord model) throws StoreException {
        return store.benchmarks(model.sha256());
    }

    /**
     * Applies a recipe to a model: one stored variant per step, each under the previous one, evaluated on
     * the request's evaluation dataset when given. On failure or cancel nothing of the run is kept.
     */
    public List<StoredVariant> optimize(ModelRecord model, OptimizeRequest request, Progress progress)
            throws LatheException {
        recipeParent(model);
        return variantTools.optimizer().optimize(model, request, progress);
    }

    /**
     * Compares a variant's outputs with another model's (its parent, usually) on a dataset, or on {@code samples}
     * seeded synthetic inputs when there is none. Not stored: it is quick to measure again.
     */
    public FidelityReport fidelity(ModelRecord parent, ModelRecord variant, Optional<Path> dataset, int samples,
                                   Progress progress) throws LatheException {
        return variantTools.fidelity().measure(handle(parent), handle(variant), dataset, samples, progress);
    }

    /**
     * Fidelity across machines: {@code parent} runs on this computer and {@code variant} on the paired board behind
     * {@code deviceKey}, on the same inputs (as above), so the figures include what the board's runtime changes; with
     * the same model as both, they are that change alone. The report's inputs name the board. For
     * {@link DeviceDirectory#THIS_COMPUTER}, both run here, as above. Not stored.
     *
     * @throws DeviceException when the key names no paired board that answers
     */
    public FidelityReport fidelity(ModelRecord parent, ModelRecord variant, String deviceKey, Optional<Path> dataset,
                                   int samples, Progress progress) throws LatheException {
        if (deviceKey.equals(DeviceDirectory.THIS_COMPUTER)) {
            return fidelity(parent, variant, dataset, samples, progress);
        }
        if (!(devices.device(deviceKey) instanceof RemoteDevice board)) {
            throw new DeviceException(deviceKey + " is no paired board: fidelity against this computer runs the "
                    + "variant on a board.");
        }
        return variantTools.boardFidelity().measure(handle(parent), handle(variant), board, dataset, samples,
                progress);
    }

    /**
     * Writes an ONNX model's file, {@code <stem>.provenance.json} and a model card {@code <stem>.model-card.md} into
     * {@code outDir}: a variant's provenance says how Lathe made it, a model opened as it is gets one that says Lathe
     * did not make it. A file there of the same name with other content is refused, naming it.
     */
    public VariantExporter.Exported export(ModelRecord model, Path outDir) throws LatheException {
        return export(model, outDir, Overwrite.REFUSE);
    }

    /** As {@link #export(ModelRecord, Path)}, replacing files of the same name when {@code overwrite} says so. */
    public VariantExporter.Exported export(ModelRecord model, Path outDir, Overwrite overwrite)
            throws LatheException {
        handle(model);
        return variantTools.exporter().export(model, outDir, overwrite);
    }

    /**
     * Writes any ONNX model as an ExecuTorch program {@code <stem>.pte} (the delegate's runs, the rest on portable kernels) with
     * {@code <stem>.pte.provenance.json} (the model's provenance as {@link #export} writes it, plus the program's facts)
     * and a model card {@code <stem>.pte.model-card.md}; {@code inputShape} fixes the first input's dynamic dimensions.
     */
    public PteFileExporter.Written exportPte(ModelRecord model, Path outDir, Optional<long[]> inputShape,
            PteDelegate delegate, Overwrite overwrite) throws LatheException {
        handle(model);
        return new PteFileExporter(variantTools.exporter()).export(model, outDir, inputShape, delegate, overwrite);
    }

    /**
     * Writes any ONNX model as a TorchScript archive {@code <stem>.pt} (forward written from its graph, weights as the
     * module's parameters) with {@code <stem>.pt.provenance.json} and a model card {@code <stem>.pt.model-card.md};
     * a TorchScript model is exported as it is, as {@link #export} writes it.
     */
    public TorchScriptFileExporter.Written exportTorchScript(ModelRecord model, Path outDir, Overwrite overwrite)
            throws LatheException {
        handle(model);
        return new TorchScriptFileExporter(variantTools.exporter()).export(model, outDir, overwrite);
    }

    /**
     * The model in the format {@code target} runs, opened into the store: the model itself when it is in that format,
     * else its export (ONNX models only), made once and kept by the model's hash and the export's settings
     * ({@code delegate} and {@code inputShape} are ExecuTorch's), with the provenance and card an export writes. The
     * store records which model a copy came from, whether it was exported now or before.
     */
    public RuntimeCopies.Opened inRuntime(ModelRecord model, RuntimeTarget target, PteDelegate delegate,
            Optional<long[]> inputShape) throws LatheException {
        handle(model);
        RuntimeCopies.Copy copy = variantTools.runtimeCopies().copy(model, target, delegate, inputShape);
        if (copy.isSource()) {
            return new RuntimeCopies.Opened(model, copy);
        }
        ModelRecord opened = open(copy.file());
        if (opened.inputShape().isEmpty() && opened.format() == ModelFormat.TORCHSCRIPT) {
            // an archive declares no input shape: the one its ONNX source runs with, batch 1 where it is open
            Optional<long[]> shape = inputShape.or(model::inputShape);
            if (shape.isEmpty()) {
                shape = inspector.inspect(model.path()).inputs().stream().findFirst()
                        .flatMap(input -> input.shapeWithBatch(1));
            }
            if (shape.isPresent()) {
                opened = rememberInputShape(opened, shape.get());
            }
        }
        store.linkRuntimeCopy(new RuntimeCopyLink(opened.sha256(), model.sha256(), target.id(),
                copy.delegate().map(PteDelegate::cliName)));
        return new RuntimeCopies.Opened(opened, copy);
    }

    /**
     * One model's runs in every runtime: its own latest complete run on each device, then those of each copy
     * {@link #inRuntime} exported from it, each named by runtime (and an ExecuTorch program's delegate).
     */
    public List<RuntimeRun> runsInRuntimes(ModelRecord model) throws StoreException {
        return store.runsInRuntimes(model, RuntimeTarget.of(model.format()).id());
    }

    /** What a model was exported from, when it is a copy {@link #inRuntime} made for another runtime. */
    public Optional<RuntimeCopyLink> runtimeCopySource(ModelRecord model) throws StoreException {
        return store.runtimeCopySource(model.sha256());
    }

    /** The provenance a {@code .provenance.json} holds, or that the store keeps for a variant file. */
    public Provenance provenance(Path file) throws LatheException {
        return variantTools.remaker().provenanceOf(file);
    }

    /**
     * Makes a variant again from its provenance, on {@code parent} (its recorded parent) with the recorded datasets
     * (checked by hash before any work), stores it, and says whether it is the recorded file byte for byte.
     */
    public Remaker.Remade remake(Provenance recorded, ModelRecord parent, Optional<Path> calibration,
                                 Optional<Path> training, Progress progress) throws LatheException {
        recipeParent(parent);
        return variantTools.remaker().remake(recorded, parent, calibration, training, progress);
    }

    /**
     * The file names {@link #optimize} gives the variants {@code recipe} makes of {@code model}, one per step, known
     * before any work so that a caller can check where it will copy them. Nothing is remembered.
     */
    public List<String> variantNames(Path model, Recipe recipe) throws LatheException {
        ModelFormat format = ModelFormat.detect(model);
        format.requireRecipeParent(model.getFileName().toString());
        String sha;
        try {
            sha = Hashing.sha256(model);
        } catch (IOException e) {
            throw new ModelFormatException(model, "cannot be read: " + e.getMessage(), e);
        }
        String name = store.model(sha).map(ModelRecord::name).orElse(model.getFileName().toString());
        return RecipeRunner.variantNames(name, format, recipe);
    }

    public Optional<StoredVariant> variant(ModelRecord model) throws StoreException {
        return store.variants().variant(model.sha256());
    }

    /** Variants made directly from {@code model}, oldest first. */
    public List<StoredVariant> variants(ModelRecord model) throws StoreException {
        return store.variants().children(model.sha256());
    }

    /**
     * The whole family {@code model} belongs to: its first ancestor still in the store, then every variant made from
     * it, children before grandchildren of the same branch (prune, then the finetune made from the pruned model).
     */
    public List<ModelRecord> family(ModelRecord model) throws StoreException {
        ModelRecord root = model;
        java.util.Set<String> seen = new java.util.HashSet<>(List.of(root.sha256()));
        while (root.parentSha256().isPresent()) {
            Optional<ModelRecord> parent = store.model(root.parentSha256().get());
            if (parent.isEmpty() || !seen.add(parent.get().sha256())) {
                break;
            }
            root = parent.get();
        }
        List<ModelRecord> members = new java.util.ArrayList<>();
        addWithDescendants(root, members, new java.util.HashSet<>());
        return members;
    }

    private void addWithDescendants(ModelRecord model, List<ModelRecord> members, java.util.Set<String> seen)
            throws StoreException {
        if (!seen.add(model.sha256())) {
            return;
        }
        members.add(model);
        for (StoredVariant child : variants(model)) {
            addWithDescendants(child.model(), members, seen);
        }
    }

    /**
     * Writes the report of {@code model}'s family into {@code folder}: a self-contained page, its PDF (when the builder
     * was given a renderer), JSON and CSV, from what the store holds. A family with nothing measured gets a report
     * that says so. A folder that is a file is refused before anything is read.
     */
    public ReportWriter.Written report(ModelRecord model, Path folder) throws LatheException {
        ReportWriter.checkFolder(folder);
        FamilyReport report = FamilyReport.collect(store, model, family(model), java.time.Instant.now(),
                Provenance.latheVersionNow());
        return reports.write(report, folder);
    }

    /** Which int8 layers of an ONNX model can saturate on x86 without VNNI, read from its weights once per file. */
    public SaturationCheck.Report saturation(ModelRecord model) throws LatheException {
        SaturationCheck.Report known = saturation.get(model.sha256());
        if (known != null) {
            return known;
        }
        SaturationCheck.Report report = saturation(handle(model).file(), model.format());
        saturation.put(model.sha256(), report);
        return report;
    }

    /** The same for a file not (yet) in the store; other formats than ONNX have no int8 layers Lathe reads. */
    public SaturationCheck.Report saturation(Path file, ModelFormat format) throws LatheException {
        return format == ModelFormat.ONNX ? SaturationCheck.of(OnnxModel.read(file).proto())
                : new SaturationCheck.Report(0, List.of());
    }

    /**
     * What to say before {@code model} runs on {@code device}, when its int8 weights can saturate that device's int8
     * kernels (x86 without VNNI): its accuracy there will be lower than elsewhere. Reads the model only then.
     */
    public Optional<SaturationWarning> saturationWarning(ModelRecord model, DeviceFingerprint device)
            throws LatheException {
        if (model.format() != ModelFormat.ONNX || !device.int8Path().saturatesFullRangeWeights()) {
            return Optional.empty();
        }
        boolean remakeable = variant(model).filter(v -> v.provenance().step().equals("quantize")).isPresent();
        return SaturationWarning.of(model.name(), device, saturation(model), remakeable);
    }


    /** Stops what the builder started for the devices (this computer's runner, probes, discovery); not the store. */
    @Override
    public void close() {
        devices.close();
    }

    /** As {@link #handle}, for a recipe's parent: a format recipes do not take is refused in one line first. */
    private static ModelHandle recipeParent(ModelRecord model) throws LatheException {
        model.format().requireRecipeParent(model.name());
        return handle(model);
    }

    /**
     * The stored file, checked to be the very file that was opened: figures are only recorded against the right hash.
     * The handle carries that hash, so nothing later in the run reads the file to hash it again.
     */
    private static ModelHandle handle(ModelRecord model) throws LatheException {
        Path file = model.path();
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file, "is no longer at " + file + "; open the model again from where it is now");
        }
        try {
            if (!Hashing.sha256(file).equals(model.sha256())) {
                throw new ModelFormatException(file, "has changed since it was opened; open it again to record it as a new model");
            }
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot be read: " + e.getMessage(), e);
        }
        return ModelHandle.verified(file, model.format(), model.inputShape(), model.sha256());
    }
}
