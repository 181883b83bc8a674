package dev.lathe.engine.runtime.torchscript;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A TorchScript module loaded for training in place: DJL loads it with {@code trainParam=true}, so its parameters
 * take gradients, and every update lands in libtorch's own tensors. Writing the module back therefore saves the
 * trained weights inside the very TorchScript program that was loaded: code, buffers and submodule names unchanged.
 * All native memory (module and parameter arrays) is freed by {@link #close()}.
 */
public final class TrainableModule implements AutoCloseable {
    private final String name;
    private final Model model;
    private final PtSymbolBlock block;
    private final Optional<String> rootKind;
    private final Map<String, String> moduleKinds;

    private TrainableModule(String name, Model model, TorchScriptArchive archive) {
        this.name = name;
        this.model = model;
        this.block = (PtSymbolBlock) model.getBlock();
        this.rootKind = archive.rootClass().map(ScriptClass::simpleName);
        Map<String, String> kinds = new LinkedHashMap<>();
        archive.modules().forEach((path, type) -> kinds.put(path, type.simpleName()));
        this.moduleKinds = Map.copyOf(kinds);
    }

    /** Loads {@code file} for training, starting PyTorch if this process has not yet; the module is in eval mode. */
    public static TrainableModule load(PyTorchEngine pytorch, Path file) throws ModelFormatException,
            InferenceException {
        TorchScriptArchive archive = TorchScriptArchive.read(file);
        Engine engine = pytorch.engine();
        Model model = TorchScriptLoader.load(engine, file, true);
        TrainableModule module = new TrainableModule(file.getFileName().toString(), model, archive);
        try {
            JniUtils.enableInferenceMode(module.block);
        } catch (RuntimeException e) {
            model.close();
            throw new ModelFormatException(file, "PyTorch cannot switch it to eval mode: "
                    + TorchMessages.essence(e.getMessage()), e);
        }
        return module;
    }

    /** The DJL block to hand to a trainer; its parameters are the module's. */
    public PtSymbolBlock block() {
        return block;
    }

    /**
     * The module's float32 parameters by their PyTorch names ({@code features.0.weight}), in the module's order.
     * The arrays are the module's own: changing one in place changes the module and what {@link #toBytes} writes.
     */
    public Map<String, NDArray> floatParameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            NDArray array = p.getValue().getArray();
            if (array.getDataType() == DataType.FLOAT32) {
                out.put(p.getKey(), array);
            }
        }
        return out;
    }

    /**
     * The kind of module that owns a parameter, like {@code Conv2d} for {@code features.0.weight}, as the archive's
     * TorchScript source names it; empty when the archive does not say.
     */
    public Optional<String> ownerKind(String parameter) {
        int dot = parameter.lastIndexOf('.');
        return dot < 0 ? rootKind : Optional.ofNullable(moduleKinds.get(parameter.substring(0, dot)));
    }

    /** The first output for {@code input} in eval mode, without recording gradients. */
    public FloatTensor predict(FloatTensor input) throws InferenceException {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDList out = IValueUtils.forward(block, new NDList(scope.create(input.data(), new Shape(input.shape()))),
                    false);
            NDArray first = out.get(0).toType(DataType.FLOAT32, false);
            return new FloatTensor(first.toFloatArray(), first.getShape().getShape());
        } catch (RuntimeException e) {
            throw new InferenceException(name + ": the model rejected an input of shape "
                    + new Shape(input.shape()) + ": " + TorchMessages.essence(e.getMessage()), e);
        }
    }

    /** The module, in eval mode, as a TorchScript archive that {@code torch.jit.load} and Lathe open. */
    public byte[] toBytes() throws InferenceException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            JniUtils.enableInferenceMode(block);
            JniUtils.writeModule(block, out, false);
        } catch (RuntimeException e) {
            throw new InferenceException(name + ": PyTorch could not save the module: "
                    + TorchMessages.essence(e.getMessage()), e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        model.close();
    }
}
