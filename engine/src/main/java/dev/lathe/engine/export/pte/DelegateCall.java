package dev.lathe.engine.export.pte;

import java.util.List;

/** Runs delegate {@code delegate} of the plan with value indices: its inputs, then its outputs. */
public record DelegateCall(int delegate, List<Integer> args) implements Instruction {
    public DelegateCall {
        args = List.copyOf(args);
    }
}
