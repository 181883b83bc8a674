package dev.lathe.engine.runtime.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.runtime.torchscript.TorchScriptInspector;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.files.Json;
import java.nio.file.Path;

/**
 * Summarizes a TorchScript file in the worker, where libtorch loads it. The summary travels as the JSON the store
 * keeps it in, which carries its optional fields.
 */
record InspectTorchScript(String path, String sha256, long fileBytes) implements WorkerCall<String> {
    @Override
    public String run(WorkerScope scope) throws LatheException {
        ModelSummary summary = new TorchScriptInspector(scope.pytorch()).inspect(Path.of(path), sha256, fileBytes);
        try {
            return Json.mapper().writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new InferenceException(Path.of(path).getFileName() + ": its summary cannot be sent ("
                    + e.getOriginalMessage() + ")", e);
        }
    }

    static ModelSummary summary(String json) throws InferenceException {
        try {
            return Json.mapper().readValue(json, ModelSummary.class);
        } catch (JsonProcessingException e) {
            throw new InferenceException("The model worker sent a summary that does not read (" + e.getOriginalMessage()
                    + ")", e);
        }
    }

    @Override
    public String doing() {
        return "reading " + Path.of(path).getFileName();
    }

    @Override
    public String runtime() {
        return "PyTorch";
    }
}
