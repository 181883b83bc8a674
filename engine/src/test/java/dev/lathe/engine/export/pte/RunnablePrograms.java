package dev.lathe.engine.export.pte;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * ExecuTorch programs for tests that run them: the sample CNN exported fp32 and as its static int8 variant (both
 * delegated to XNNPACK, batch 1), a slow one, a truncated copy, and one that crashes the runtime when it runs.
 */
public final class RunnablePrograms {
    private RunnablePrograms() {
    }

    /** The sample CNN, fp32, one image per run. */
    public static Path fp32(Path dir) throws Exception {
        PteExport export = OnnxToPte.export(OnnxModel.read(Samples.cnn()), "cnn.onnx", Optional.empty(),
                PteDelegate.XNNPACK);
        return Files.write(dir.resolve("cnn.pte"), export.bytes());
    }

    /** The sample CNN's static int8 variant as {@code lathe optimize} makes it ({@link Int8Cnn}), exported. */
    public static Path int8(Path dir) throws Exception {
        PteExport export = OnnxToPte.export(OnnxModel.read(int8Onnx()), "cnn-int8.onnx", Optional.empty(),
                PteDelegate.XNNPACK);
        return Files.write(dir.resolve("cnn-int8.pte"), export.bytes());
    }

    /** The ONNX model the int8 program is exported from. */
    public static Path int8Onnx() throws Exception {
        return Int8Cnn.file();
    }

    /**
     * The sample CNN, fp32, on the portable kernels for a batch of {@code images}: 0.6 to 1.3 s an image here
     * (docs/PERFORMANCE.md), so one run lasts long enough to be cancelled in the middle of it.
     */
    public static Path slow(Path dir, int images) throws Exception {
        PteExport export = OnnxToPte.export(OnnxModel.read(Samples.cnn()), "cnn.onnx",
                Optional.of(new long[] {images, 1, 28, 28}), PteDelegate.NONE);
        return Files.write(dir.resolve("cnn-portable-" + images + ".pte"), export.bytes());
    }

    /** The fp32 program cut after its first {@code bytes} bytes, as a broken copy or download leaves it. */
    public static Path truncated(Path dir, int bytes) throws Exception {
        byte[] whole = Files.readAllBytes(fp32(Files.createTempDirectory(dir, "whole")));
        return Files.write(dir.resolve("cut.pte"), Arrays.copyOf(whole, bytes));
    }

    /**
     * ExecuTorch's own example program that adds two 2×2 tensors, with its output left unplanned: it passes the
     * runtime's verifier and loads, then the runtime writes the sum through a null pointer (SIGSEGV). Built with the
     * install's {@code examples/build_pte.py}.
     */
    public static Path crashing(Path dir) throws Exception {
        Path home = ExecuTorchRuntime.require().home();
        ObjectMapper json = new ObjectMapper();
        ObjectNode program = (ObjectNode) json.readTree(home.resolve("examples/add.json").toFile());
        ((ObjectNode) program.get("execution_plan").get(0).get("values").get(3).get("val")).remove("allocation_info");
        Path source = Files.writeString(dir.resolve("unplanned-output.json"), json.writeValueAsString(program));
        Path out = dir.resolve("unplanned-output.pte");
        Process p = new ProcessBuilder(List.of("python3", home.resolve("examples/build_pte.py").toString(),
                source.toString(), "-o", out.toString())).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("build_pte.py failed: " + said);
        }
        return out;
    }
}
