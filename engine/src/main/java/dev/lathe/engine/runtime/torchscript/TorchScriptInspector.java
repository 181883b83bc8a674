package dev.lathe.engine.runtime.torchscript;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.lathe.engine.model.LayerInfo;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.runtime.InferenceException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Summarizes a TorchScript model. Parameters, their shapes and sizes come from libtorch (through DJL); module kinds,
 * buffers and the forward signature come from the archive's TorchScript source, because DJL does not expose them.
 * Buffers such as batch-norm running statistics are named in the metadata but, as in PyTorch, are not parameters.
 */
public final class TorchScriptInspector {
    private static final String ROOT = "(root)";
    private static final int LISTED_BUFFERS = 12;

    private final PyTorchEngine pytorch;

    public TorchScriptInspector(PyTorchEngine pytorch) {
        this.pytorch = pytorch;
    }

    /** Loads the file in libtorch, so it starts the engine on first use; call it off the UI thread. */
    public ModelSummary inspect(Path file, String sha256, long fileBytes) throws ModelFormatException, InferenceException {
        TorchScriptArchive archive = TorchScriptArchive.read(file);
        Engine engine = pytorch.engine();
        List<ModuleParameter> parameters;
        List<String> methods;
        try (Model model = TorchScriptLoader.load(engine, file, true)) {
            PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
            parameters = parameters(block);
            methods = List.of(JniUtils.getMethodNames(block));
        }
        long totalParameters = parameters.stream().mapToLong(ModuleParameter::count).sum();
        long totalBytes = parameters.stream().mapToLong(ModuleParameter::bytes).sum();
        Optional<ForwardSignature> forward = archive.rootClass().flatMap(ScriptClass::forward);
        return new ModelSummary(file.getFileName().toString(), ModelFormat.TORCHSCRIPT, sha256, fileBytes,
                "TorchScript", Optional.empty(), Map.of(), inputs(forward), outputs(forward),
                totalParameters, totalBytes, ops(archive, parameters), layers(archive, parameters, totalBytes),
                metadata(archive, parameters, methods, pytorch.runtimeName()));
    }

    private record ModuleParameter(String name, long count, long bytes, String dtype) {
        /** {@code features.0} for {@code features.0.weight}; empty for a parameter of the root module. */
        String modulePath() {
            int dot = name.lastIndexOf('.');
            return dot < 0 ? "" : name.substring(0, dot);
        }

        String kind() {
            return name.substring(name.lastIndexOf('.') + 1);
        }
    }

    private static List<ModuleParameter> parameters(PtSymbolBlock block) {
        List<ModuleParameter> out = new ArrayList<>();
        for (Pair<String, Parameter> entry : block.getDirectParameters()) {
            NDArray array = entry.getValue().getArray();
            long count = array.getShape().size();
            out.add(new ModuleParameter(entry.getKey(), count, count * array.getDataType().getNumOfBytes(),
                    array.getDataType().toString()));
        }
        return out;
    }

    /** TorchScript declares argument names and kinds but never a tensor's shape or dtype. */
    private static List<TensorInfo> inputs(Optional<ForwardSignature> forward) {
        List<TensorInfo> inputs = new ArrayList<>();
        forward.ifPresent(f -> f.arguments().forEach(a -> inputs.add(new TensorInfo(a.name(), a.elementType(), List.of()))));
        return inputs;
    }

    /** TorchScript outputs have no names; they are numbered when forward returns a tuple. */
    private static List<TensorInfo> outputs(Optional<ForwardSignature> forward) {
        List<TensorInfo> outputs = new ArrayList<>();
        forward.ifPresent(f -> {
            List<String> parts = f.returnParts();
            for (int i = 0; i < parts.size(); i++) {
                String name = parts.size() == 1 ? "output" : "output." + i;
                outputs.add(new TensorInfo(name, ForwardSignature.elementType(parts.get(i)), List.of()));
            }
        });
        return outputs;
    }

    /**
     * Module kinds of the leaf modules when the archive names them; otherwise, honestly less, the kinds of
     * parameter tensors (weight, bias, ...).
     */
    private static Map<String, Integer> ops(TorchScriptArchive archive, List<ModuleParameter> parameters) {
        Map<String, Integer> counts = archive.leafModuleKinds();
        if (counts.isEmpty()) {
            counts = new TreeMap<>();
            for (ModuleParameter p : parameters) {
                counts.merge(p.kind(), 1, Integer::sum);
            }
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** One row per module that owns parameters, in libtorch's parameter order. */
    private static List<LayerInfo> layers(TorchScriptArchive archive, List<ModuleParameter> parameters, long totalBytes) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (ModuleParameter p : parameters) {
            long[] sum = sums.computeIfAbsent(p.modulePath(), k -> new long[2]);
            sum[0] += p.count();
            sum[1] += p.bytes();
        }
        Map<String, ScriptClass> modules = archive.modules();
        List<LayerInfo> layers = new ArrayList<>();
        sums.forEach((path, sum) -> {
            Optional<ScriptClass> module = path.isEmpty() ? archive.rootClass() : Optional.ofNullable(modules.get(path));
            String op = module.map(ScriptClass::simpleName).orElse("parameters");
            double share = totalBytes == 0 ? 0 : (double) sum[1] / totalBytes;
            layers.add(new LayerInfo(path.isEmpty() ? ROOT : path, op, sum[0], sum[1], share));
        });
        return layers;
    }

    private static Map<String, String> metadata(TorchScriptArchive archive, List<ModuleParameter> parameters,
                                                List<String> methods, String runtime) {
        Map<String, String> metadata = new LinkedHashMap<>();
        archive.rootClass().ifPresent(root -> metadata.put("root module", root.simpleName()));
        archive.formatVersion().ifPresent(v -> metadata.put("archive format version", v));
        metadata.put("methods", String.join(", ", methods));
        Map<String, Long> dtypes = new TreeMap<>();
        parameters.forEach(p -> dtypes.merge(p.dtype(), p.count(), Long::sum));
        if (!dtypes.isEmpty()) {
            metadata.put("parameter dtypes", dtypes.toString().replaceAll("[{}]", ""));
        }
        List<String> buffers = archive.buffers();
        if (!buffers.isEmpty()) {
            String listed = String.join(", ", buffers.subList(0, Math.min(LISTED_BUFFERS, buffers.size())));
            String more = buffers.size() > LISTED_BUFFERS ? " and " + (buffers.size() - LISTED_BUFFERS) + " more" : "";
            metadata.put("buffers (not counted as parameters)", listed + more);
        }
        metadata.put("loaded with", runtime);
        return metadata;
    }
}
