package dev.lathe.engine;

import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceFingerprint;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.device.ModelHandle;
import dev.lathe.engine.eval.ClassLabels;
import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.model.ModelInspector;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoreException;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one door to the engine for the GUI and the CLI. Every call blocks, so call it off the FX thread; long calls
 * report progress and stop with {@link CancelledException} when their thread is interrupted. Work is stored only
 * once it has succeeded.
 */
public final class Workbench {
    private final ExperimentStore store;
    private final ModelInspector inspector;
    private final Device thisComputer;

    public Workbench(ExperimentStore store, ModelInspector inspector, Device thisComputer) {
        this.store = store;
        this.inspector = inspector;
        this.thisComputer = thisComputer;
    }

    /** Reads a model's summary without remembering it. */
    public ModelSummary inspect(Path file) throws LatheException {
        return inspector.inspect(file);
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
        ModelHandle handle = handle(model);
        progress.report(0, -1, "Reading " + request.dataset().getFileName());
        Dataset data = Datasets.open(request.dataset(), request.labelColumn());
        String datasetSha = data.sha256();
        EvaluationResult result = ClassLabels.named(thisComputer.evaluate(handle, data, request, progress), model.summary());
        return store.addEvaluation(model.sha256(), thisComputer.describe(), data.name(), request.dataset(), datasetSha, result);
    }

    public StoredBenchmark benchmark(ModelRecord model, BenchConfig config, SampleListener samples, Progress progress)
            throws LatheException {
        BenchmarkResult result = thisComputer.benchmark(handle(model), config, samples, progress);
        return store.addBenchmark(model.sha256(), result);
    }

    public List<StoredEvaluation> evaluations(ModelRecord model) throws StoreException {
        return store.evaluations(model.sha256());
    }

    public List<StoredBenchmark> benchmarks(ModelRecord model) throws StoreException {
        return store.benchmarks(model.sha256());
    }

    /** The stored file, checked to be the very file that was opened: figures are only recorded against the right hash. */
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
        return new ModelHandle(file, model.format(), model.inputShape());
    }
}
