package dev.lathe.engine.export.pte;

/**
 * Bytes a delegate looks up by key in the program's named data: each blob is its own segment, alive as long as the
 * program is (a delegate's own payload is freed once it has compiled).
 */
public record NamedData(String key, ConstantData data) {
}
