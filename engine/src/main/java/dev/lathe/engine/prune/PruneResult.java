package dev.lathe.engine.prune;

import dev.lathe.engine.model.onnx.OnnxModel;

/** The pruned model, ready to write as a variant, and what was done to it. */
public record PruneResult(OnnxModel model, PruneReport report) {
}
