package dev.lathe.engine.export.torchscript;

import dev.lathe.engine.task.LatheException;

/** An ONNX model that cannot be written as TorchScript, with the node and the reason. */
public final class TorchScriptExportException extends LatheException {
    public TorchScriptExportException(String message) {
        super(message);
    }
}
