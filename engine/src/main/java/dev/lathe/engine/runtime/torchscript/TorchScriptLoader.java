package dev.lathe.engine.runtime.torchscript;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtSymbolBlock;
import dev.lathe.engine.model.ModelFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Loads a TorchScript file into libtorch through DJL, on the CPU, turning libtorch's refusals into user messages. */
final class TorchScriptLoader {
    private TorchScriptLoader() {
    }

    /**
     * {@code keepParameters} loads with DJL's {@code trainParam} option: without it DJL loads the module for
     * inference only and {@code getDirectParameters()} comes back empty, so the inspector needs it and sessions
     * do not.
     */
    static Model load(Engine engine, Path file, boolean keepParameters) throws ModelFormatException {
        Model model = engine.newModel(file.getFileName().toString(), Device.cpu());
        try {
            model.load(file, null, Map.of("trainParam", Boolean.toString(keepParameters)));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelFormatException(file, "PyTorch " + engine.getVersion() + " cannot load it: "
                    + TorchMessages.essence(e.getMessage()) + ". Save it again with torch.jit.save (from PyTorch "
                    + engine.getVersion() + " or older if a newer one made it), or export it to ONNX.", e);
        }
        if (!(model.getBlock() instanceof PtSymbolBlock)) {
            model.close();
            throw new ModelFormatException(file, "loaded, but DJL did not make a TorchScript module of it");
        }
        return model;
    }
}
