package dev.lathe.engine.quantize;

/** The float range an activation is quantized over, and the 8-bit scale and zero point that cover it. */
record ActivationRange(float low, float high) {

    /** Scale and zero point; the range is widened to hold 0 so that zero padding and Relu are exact. */
    Params params(boolean symmetric) {
        if (symmetric) {
            float absMax = Math.max(Math.abs(low), Math.abs(high));
            return new Params(absMax > 0 ? absMax / 127f : 1f, 0, true);
        }
        float lo = Math.min(low, 0);
        float hi = Math.max(high, 0);
        float scale = hi > lo ? (hi - lo) / 255f : 1f;
        int zeroPoint = Math.max(0, Math.min(255, Math.round(-lo / scale)));
        return new Params(scale, zeroPoint, false);
    }

    /** Quantization parameters of one activation: int8 with zero point 0 when {@code signed}, else uint8. */
    record Params(float scale, int zeroPoint, boolean signed) {
    }
}
