package dev.lathe.engine.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import dev.lathe.engine.train.ParameterConstraint;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pruning masks held next to the block's weights and multiplied in after every optimizer step, so weights pruned
 * once stay exactly zero while the rest fine-tune (Adam's momentum would otherwise revive them). The mask arrays
 * live in the manager given to {@link #of}.
 */
final class WeightMasks implements ParameterConstraint {
    private final Map<String, NDArray> masks = new LinkedHashMap<>();

    private WeightMasks() {
    }

    static WeightMasks of(Block block, Map<String, boolean[]> keep, NDManager manager) {
        WeightMasks m = new WeightMasks();
        keep.forEach((name, mask) -> {
            float[] ones = new float[mask.length];
            for (int i = 0; i < mask.length; i++) {
                ones[i] = mask[i] ? 1f : 0f;
            }
            m.masks.put(name, manager.create(ones, block.getParameters().get(name).getArray().getShape()));
        });
        return m;
    }

    /**
     * Multiplies the masks in, with gradient recording off: the weights are autograd leaves, which PyTorch refuses to
     * change in place while recording. Recording is a per-thread switch that libtorch starts on in every thread but
     * the one DJL started it from, so a prune run on another thread (the app's worker pool) would fail here.
     */
    @Override
    public void enforce(Block block) {
        boolean recording = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            masks.forEach((name, mask) -> block.getParameters().get(name).getArray().muli(mask));
        } finally {
            JniUtils.setGradMode(recording);
        }
    }
}
