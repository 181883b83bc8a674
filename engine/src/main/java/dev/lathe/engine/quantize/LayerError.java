package dev.lathe.engine.quantize;

/**
 * How far one quantized node's output strays from the float model's on the same inputs.
 *
 * @param sqnrDb        signal-to-quantization-noise ratio in dB (higher is better; 8-bit layers are typically 20–40)
 * @param relativeError ‖float − quantized‖ / ‖float‖ over all compared values
 */
public record LayerError(String node, String op, String tensor, double sqnrDb, double relativeError) {
}
