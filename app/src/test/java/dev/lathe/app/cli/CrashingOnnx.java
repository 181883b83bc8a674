package dev.lathe.app.cli;

import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intAttr;

import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * Two of the engine's test models that crash ONNX Runtime 1.23 with SIGFPE (its {@code CrashingModels}, whose
 * {@code CrashingModelsTest} shows each one crashing a JVM that loads it in-process). Built here rather than taken
 * from the engine's test jar, whose logback-test.xml beside the app's makes logback print to stdout, which the app's
 * process tests read.
 */
final class CrashingOnnx {
    private CrashingOnnx() {
    }

    /** 7 / 0 in int32 on two constants: folded, and divided by zero, while the session is created. */
    static Path divisionByZeroWhileLoading(Path dir) throws IOException {
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

    /** The input cast to int32 and divided by itself: an input below 1 is 0 / 0 at the first run. */
    static Path divisionByZeroWhileRunning(Path dir) throws IOException {
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
