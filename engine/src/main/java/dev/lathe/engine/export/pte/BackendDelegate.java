package dev.lathe.engine.export.pte;

/** A backend's compiled subgraph: its id as the runtime registers it ({@code XnnpackBackend}) and its payload. */
public record BackendDelegate(String backend, byte[] payload) {
}
