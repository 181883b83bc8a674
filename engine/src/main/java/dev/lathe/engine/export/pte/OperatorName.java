package dev.lathe.engine.export.pte;

/** A kernel's registered name, as the runtime resolves it: {@code aten::addmm} overload {@code out}. */
public record OperatorName(String name, String overload) {
    public String fullName() {
        return overload.isEmpty() ? name : name + "." + overload;
    }

    @Override
    public String toString() {
        return fullName();
    }
}
