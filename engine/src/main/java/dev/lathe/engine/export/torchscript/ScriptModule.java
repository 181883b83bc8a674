package dev.lathe.engine.export.torchscript;

import java.util.List;

/**
 * One TorchScript module to write: its class ({@code __torch__.<className>}), the tensors it holds as attributes
 * and its {@code forward}'s TorchScript source (the {@code def} line and body, indented as a method).
 */
record ScriptModule(String className, List<ScriptTensor> tensors, String forward) {
    ScriptModule {
        tensors = List.copyOf(tensors);
    }

    String qualifiedName() {
        return "__torch__." + className;
    }

    /** The class as TorchScript's printer writes it under {@code code/__torch__.py}. */
    String source() {
        StringBuilder py = new StringBuilder("class ").append(className).append("(Module):\n");
        py.append("  __parameters__ = [").append(names(true)).append("]\n");
        py.append("  __buffers__ = [").append(names(false)).append("]\n");
        tensors.forEach(t -> py.append("  ").append(t.name()).append(" : Tensor\n"));
        py.append("  training : bool\n");
        py.append(forward);
        return py.toString();
    }

    private String names(boolean parameters) {
        StringBuilder names = new StringBuilder();
        tensors.stream().filter(t -> t.parameter() == parameters)
                .forEach(t -> names.append('"').append(t.name()).append("\", "));
        return names.toString();
    }
}
