package dev.lathe.engine.export.pte;

/** One step of a method's chain: a kernel call or a call into a delegate. */
public sealed interface Instruction permits KernelCall, DelegateCall {
}
