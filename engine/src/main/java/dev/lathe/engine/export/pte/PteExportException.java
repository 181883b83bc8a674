package dev.lathe.engine.export.pte;

import dev.lathe.engine.task.LatheException;

/** A model that cannot become an ExecuTorch program as it is; the message names the nodes and what to change. */
public final class PteExportException extends LatheException {
    public PteExportException(String message) {
        super(message);
    }
}
