package dev.lathe.engine.model.onnx;

import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intsAttr;

import dev.lathe.engine.model.ElementType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * Models that crash ONNX Runtime 1.23's native code, taking down the process that loads or runs them, and one that
 * would but is refused first. Integer division by zero raises SIGFPE on x86-64 and is no attribute a static check
 * can see: the divisor is a tensor's value.
 */
public final class CrashingModels {
    private CrashingModels() {
    }

    /** A Conv with {@code strides: [0, 0]}: ONNX Runtime divides by the stride while it creates the session (SIGFPE). */
    public static Path convWithZeroStrides(Path dir) throws IOException {
        Path file = dir.resolve("conv-zero-strides.onnx");
        new OnnxGraphBuilder("conv").input("x", ElementType.FLOAT, List.of(1, 1, 8, 8))
                .initializer("w", new float[9], 1, 1, 3, 3)
                .node("Conv", List.of("x", "w"), List.of("y"), "conv1", intsAttr("strides", 0, 0))
                .output("y", ElementType.FLOAT, List.of(1, 1, 6, 6))
                .write(file);
        return file;
    }

    /**
     * 7 / 0 in int32 on two constants: ONNX Runtime folds constants while it creates the session and divides by zero
     * there (SIGFPE, in libonnxruntime).
     */
    public static Path divisionByZeroWhileLoading(Path dir) throws IOException {
        Path file = dir.resolve("div-by-zero-load.onnx");
        new OnnxGraphBuilder("div").input("x", ElementType.FLOAT, List.of(1, 4))
                .initializer("a", ElementType.INT32, int32(7, 7, 7, 7), 4, 4)
                .initializer("b", ElementType.INT32, int32(0, 0, 0, 0), 4, 4)
                .node("Div", List.of("a", "b"), List.of("q"), "div")
                .node("Cast", List.of("q"), List.of("qf"), "cast", intAttr("to", 1))
                .node("Add", List.of("x", "qf"), List.of("y"), "add")
                .output("y", ElementType.FLOAT, List.of(1, 4))
                .write(file);
        return file;
    }

    /**
     * The input cast to int32 and divided by itself: loads fine, and an input below 1 (every synthetic and most
     * image input) becomes 0 / 0 at the first run (SIGFPE).
     */
    public static Path divisionByZeroWhileRunning(Path dir) throws IOException {
        Path file = dir.resolve("div-by-zero-run.onnx");
        new OnnxGraphBuilder("div").input("x", ElementType.FLOAT, List.of(1, 4))
                .node("Cast", List.of("x"), List.of("xi"), "to_int", intAttr("to", 6))
                .node("Div", List.of("xi", "xi"), List.of("q"), "div")
                .node("Cast", List.of("q"), List.of("y"), "to_float", intAttr("to", 1))
                .output("y", ElementType.FLOAT, List.of(1, 4))
                .write(file);
        return file;
    }

    private static byte[] int32(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }
}
