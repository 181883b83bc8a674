package dev.lathe.engine.train;

import ai.djl.nn.Block;

/**
 * An invariant on a block's weights that training must not break, restored after every optimizer step. Pruning uses
 * it to keep removed weights at exactly zero: optimizers with momentum (Adam) would otherwise move them again.
 */
@FunctionalInterface
public interface ParameterConstraint {
    ParameterConstraint NONE = block -> { };

    /** Changes the block's parameter arrays in place; called on the training thread, outside gradient recording. */
    void enforce(Block block);
}
