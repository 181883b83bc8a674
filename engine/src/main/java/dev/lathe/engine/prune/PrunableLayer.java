package dev.lathe.engine.prune;

/**
 * A Conv, Gemm or MatMul whose output channels {@link ChannelSurgery} can remove.
 *
 * @param node     the node's name (or op and first output when unnamed), the key for {@link ChannelSurgery#keep}
 * @param channels output channels (filters, neurons) it has now
 * @param locked   channels that must stay: they reach a graph output or an operator surgery cannot follow
 */
public record PrunableLayer(String node, String opType, int channels, int locked) {
}
