package dev.lathe.engine.export.pte;

import java.util.List;

/** One instruction: operator {@code operator} of the plan's operator table, called with value indices. */
public record KernelCall(int operator, List<Integer> args) implements Instruction {
    public KernelCall {
        args = List.copyOf(args);
    }
}
