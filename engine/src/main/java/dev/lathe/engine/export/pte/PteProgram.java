package dev.lathe.engine.export.pte;

import java.util.List;

/**
 * A single-method ExecuTorch program, ready to serialize: the value table, one chain of kernel and delegate calls,
 * the planned arenas ({@code arenaSizes[0]} is ExecuTorch's reserved 0), the constants' bytes (constant index k is
 * {@code constants.get(k - 1)}), the delegates' payloads (delegate call k runs {@code delegates.get(k)}) and the
 * named data delegates look up by key.
 */
public record PteProgram(String method, List<EValue> values, List<Integer> inputs, List<Integer> outputs,
        List<OperatorName> operators, List<Instruction> instructions, List<Long> arenaSizes, List<ConstantData> constants,
        List<BackendDelegate> delegates, List<NamedData> namedData) {
    public PteProgram {
        values = List.copyOf(values);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        operators = List.copyOf(operators);
        instructions = List.copyOf(instructions);
        arenaSizes = List.copyOf(arenaSizes);
        constants = List.copyOf(constants);
        delegates = List.copyOf(delegates);
        namedData = List.copyOf(namedData);
    }

    /** The delegates' payloads and the named data they read. */
    public long delegateBytes() {
        return delegates.stream().mapToLong(d -> d.payload().length).sum()
                + namedData.stream().mapToLong(n -> n.data().size()).sum();
    }

    public long constantBytes() {
        return constants.stream().mapToLong(ConstantData::size).sum();
    }
}
