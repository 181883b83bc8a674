package dev.lathe.engine.prune;

/** A pruned TorchScript model, as the bytes of its {@code .pt} file, and what was done to it. */
public record ScriptPruneResult(byte[] file, PruneReport report) {
}
