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
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.device.TelemetrySample;
import dev.lathe.engine.device.remote.BoardFidelity;
import dev.lathe.engine.device.remote.RemoteDevice;
import dev.lathe.engine.eval.ClassLabels;
import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.export.VariantExporter;
import dev.lathe.engine.export.pte.PteFileExporter;
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
import dev.lathe.engine.quantize.SaturationCheck;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoreException;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.engine.variant.OptimizeRequest;
import dev.lathe.engine.variant.Optimizer;
import dev.lathe.engine.variant.QuantizeStepRunner;
import dev.lathe.engine.variant.RecipeRunner;
import dev.lathe.engine.variant.SaturationWarning;
import dev.lathe.engine.variant.TrainingStepRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The one door to the engine for the GUI and the CLI. Every call blocks, so call it off the FX thread; long calls
 * report progress and stop with {@link CancelledException} when their thread is interrupted. Work is stored only
 * once it has succeeded, except a benchmark a device broke off, which is kept marked as interrupted.
 */
public final class Workbench {
    private final ExperimentStore store;
    private final ModelInspector inspector;
    private final Device thisComputer;
    private final VariantTools variantTools;
    private final Map<String, SaturationCheck.Report> saturation = new ConcurrentHashMap<>();

    /** What recipes, fidelity and export need. */
    private record VariantTools(Optimizer optimizer, FidelityMeter fidelity, BoardFidelity boardFidelity,
                                VariantExporter exporter) {
    }

    /**
     * Variant files are kept in a {@code variants} folder beside the store's file.
     *
     * @param runtimes runs parents and variants for fidelity, and every new variant once before it is stored
     * @param steps    carries out recipe steps that quantize or convert
     * @param training carries out recipe steps that train
     */
    public Workbench(ExperimentStore store, ModelInspector inspector, Device thisComputer, Runtimes runtimes,
                     QuantizeStepRunner steps, TrainingStepRunner training) {
        this.store = store;
        this.inspector = inspector;
        this.thisComputer = thisComputer;
        Path variantDir = store.file().toAbsolutePath().resolveSibling("variants");
        this.variantTools = new VariantTools(
                new Optimizer(store, thisComputer, new RecipeRunner(steps, training, runtimes, inspector,
                        variantDir)),
                new FidelityMeter(runtimes), new BoardFidelity(new ReferenceFidelity(runtimes)),
                new VariantExporter(store));
    }

    /** Reads a model's summary without remembering it. */
    public ModelSummary inspect(Path file) throws LatheException {
        return inspector.inspect(file);
    }

    /** Reads an ExecuTorch program's table of contents (methods, operators, delegates, memory) without running it. */
    public PteSummary inspectPte(Path file) throws LatheException {
        return PteReader.read(file);
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
        handle(model);
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
     * Fidelity across machines: {@code parent} runs on this computer and {@code variant} on {@code board}, on the
     * same inputs (as above), so the figures include what the board's runtime changes; with the same model as both,
     * they are that change alone. The report's inputs name the board. Not stored.
     */
    public FidelityReport fidelity(ModelRecord parent, ModelRecord variant, RemoteDevice board, Optional<Path> dataset,
                                   int samples, Progress progress) throws LatheException {
        return variantTools.boardFidelity().measure(handle(parent), handle(variant), board, dataset, samples,
                progress);
    }

    /**
     * Writes a variant's file, {@code <stem>.provenance.json} and a model card {@code <stem>.model-card.md} into
     * {@code outDir}; a file there of the same name with other content is refused, naming it.
     */
    public VariantExporter.Exported export(ModelRecord variant, Path outDir) throws LatheException {
        return export(variant, outDir, Overwrite.REFUSE);
    }

    /** As {@link #export(ModelRecord, Path)}, replacing files of the same name when {@code overwrite} says so. */
    public VariantExporter.Exported export(ModelRecord variant, Path outDir, Overwrite overwrite)
            throws LatheException {
        handle(variant);
        return variantTools.exporter().export(variant, outDir, overwrite);
    }

    /**
     * Writes any ONNX model as an ExecuTorch program {@code <stem>.pte} (portable kernels, fp32) with
     * {@code <stem>.pte.provenance.json}; {@code inputShape} fixes the first input's dynamic dimensions.
     */
    public PteFileExporter.Written exportPte(ModelRecord model, Path outDir, Optional<long[]> inputShape,
            Overwrite overwrite) throws LatheException {
        handle(model);
        return new PteFileExporter().export(model, outDir, inputShape, overwrite);
    }

    /**
     * The file names {@link #optimize} gives the variants {@code recipe} makes of {@code model}, one per step, known
     * before any work so that a caller can check where it will copy them. Nothing is remembered.
     */
    public List<String> variantNames(Path model, Recipe recipe) throws LatheException {
        ModelFormat format = ModelFormat.detect(model);
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
