package dev.lathe.engine.runtime.torchscript;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.lathe.engine.model.Dim;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A TorchScript model loaded in libtorch on the CPU. PyTorch runs every session of the process on one intra-op and
 * one inter-op thread (see {@link PyTorchEngine}). All native memory of the session, bound inputs included, lives
 * in the model's NDManager and is freed by {@link #close()}.
 */
public final class TorchScriptSession implements InferenceSession {
    private final String modelName;
    private final String runtime;
    private final Model model;
    private final PtSymbolBlock block;
    private final List<TensorInfo> inputs;
    private final List<TensorInfo> outputs;

    /**
     * TorchScript files do not declare input shapes, so {@code inputShape} (the caller's, batch included) is what
     * {@link #inputs()} reports; without it the input's shape is reported as undeclared.
     */
    public TorchScriptSession(PyTorchEngine pytorch, Path file, Optional<long[]> inputShape) throws InferenceException {
        this.modelName = file.getFileName().toString();
        Engine engine = pytorch.engine();
        this.runtime = pytorch.runtimeName();
        TorchScriptArchive archive;
        try {
            archive = TorchScriptArchive.read(file);
            this.model = TorchScriptLoader.load(engine, file, false);
        } catch (ModelFormatException e) {
            throw new InferenceException(e.getMessage(), e);
        }
        this.block = (PtSymbolBlock) model.getBlock();
        this.inputs = List.of(new TensorInfo(inputName(archive), ElementType.FLOAT, dims(inputShape)));
        this.outputs = List.of(new TensorInfo("output", ElementType.FLOAT, List.of()));
        try {
            // Eval mode once here, so that runs call only the module's forward, with dropout and batch-norm frozen.
            JniUtils.enableInferenceMode(block);
        } catch (RuntimeException e) {
            model.close();
            throw new InferenceException(modelName + ": PyTorch cannot switch it to inference mode: "
                    + TorchMessages.essence(e.getMessage()), e);
        }
    }

    @Override
    public String runtime() {
        return runtime;
    }

    @Override
    public List<TensorInfo> inputs() {
        return inputs;
    }

    /** TorchScript names no outputs; the first one is what {@link #run} returns, as float. */
    @Override
    public List<TensorInfo> outputs() {
        return outputs;
    }

    @Override
    public FloatTensor run(FloatTensor input) throws InferenceException {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDList arguments = new NDList(scope.create(input.data(), new Shape(input.shape())));
            return firstOutput(forward(arguments, input));
        }
    }

    @Override
    public BoundInput bind(FloatTensor input) throws InferenceException {
        NDManager scope = model.getNDManager().newSubManager();
        NDList arguments = new NDList(scope.create(input.data(), new Shape(input.shape())));
        return new BoundInput() {
            @Override
            public void run() throws InferenceException {
                // Outputs land in the bound input's manager; closing them at once keeps repeated runs flat in memory.
                forward(arguments, input).close();
            }

            @Override
            public void close() {
                scope.close();
            }
        };
    }

    @Override
    public void close() {
        model.close();
    }

    /** Calls the module's forward directly, skipping DJL's Block bookkeeping that would otherwise be timed too. */
    private NDList forward(NDList arguments, FloatTensor input) throws InferenceException {
        try {
            return IValueUtils.forward(block, arguments, false);
        } catch (RuntimeException e) {
            throw new InferenceException(modelName + ": the model rejected input " + describe(input.shape()) + ": "
                    + TorchMessages.essence(e.getMessage()) + ". Give the input shape the model expects"
                    + " (--input-shape on the command line).", e);
        }
    }

    private FloatTensor firstOutput(NDList outputs) throws InferenceException {
        if (outputs.isEmpty()) {
            throw new InferenceException(modelName + ": forward returned no tensor; Lathe evaluates models whose"
                    + " first output holds class scores");
        }
        NDArray first = outputs.get(0);
        DataType type = first.getDataType();
        if (!type.isFloating()) {
            throw new InferenceException(modelName + ": its first output is a " + type + " tensor, not float;"
                    + " Lathe evaluates models whose first output holds class scores");
        }
        NDArray floats = type == DataType.FLOAT32 ? first : first.toType(DataType.FLOAT32, false);
        return new FloatTensor(floats.toFloatArray(), first.getShape().getShape());
    }

    /** The root forward's first argument name, as the archive declares it; "input" if it cannot be read. */
    private static String inputName(TorchScriptArchive archive) {
        return archive.rootClass()
                .flatMap(ScriptClass::forward)
                .flatMap(f -> f.arguments().stream().findFirst())
                .map(ForwardSignature.Argument::name)
                .orElse("input");
    }

    private static List<Dim> dims(Optional<long[]> shape) {
        return shape.map(s -> Arrays.stream(s).mapToObj(Dim::fixed).toList()).orElse(List.of());
    }

    private static String describe(long[] shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining("×")) + " float";
    }
}
