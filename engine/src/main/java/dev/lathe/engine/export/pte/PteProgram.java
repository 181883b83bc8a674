package dev.lathe.engine.export.pte;

import java.util.List;

/**
 * A single-method ExecuTorch program, ready to serialize: the value table, one chain of kernel calls, the planned
 * arenas ({@code arenaSizes[0]} is ExecuTorch's reserved 0) and the constants' bytes (constant index k is
 * {@code constants.get(k - 1)}).
 */
public record PteProgram(String method, List<EValue> values, List<Integer> inputs, List<Integer> outputs,
        List<OperatorName> operators, List<KernelCall> instructions, List<Long> arenaSizes, List<byte[]> constants) {
    public PteProgram {
        values = List.copyOf(values);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        operators = List.copyOf(operators);
        instructions = List.copyOf(instructions);
        arenaSizes = List.copyOf(arenaSizes);
        constants = List.copyOf(constants);
    }

    public long constantBytes() {
        return constants.stream().mapToLong(c -> c.length).sum();
    }
}
