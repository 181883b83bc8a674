package dev.lathe.engine.export.pte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lathe.engine.Samples;
import dev.lathe.engine.files.Json;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.model.pte.PteReader;
import dev.lathe.engine.model.pte.PteSummary;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader on Lathe's own programs (portable and XNNPACK-delegated), on programs built by ExecuTorch's tools (flatc
 * from the runtime's JSON: constant segments, the deprecated inline constant buffer, another backend's delegate), and
 * on files cut short or damaged.
 */
class PteReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsBackWhatTheWriterWrote() throws Exception {
        PteExport export = OnnxToPte.export(OnnxModel.read(Samples.cnn()), "cnn.onnx", Optional.of(new long[] {2, 1,
            28, 28}));
        Path pte = Files.write(dir.resolve("cnn.pte"), export.bytes());
        PteSummary s = PteReader.read(pte);
        assertThat(s.identifier()).isEqualTo("ET12");
        assertThat(s.extendedHeader()).isTrue();
        assertThat(s.methods()).hasSize(1);
        PteSummary.Method m = s.methods().get(0);
        assertThat(m.name()).isEqualTo("forward");
        assertThat(m.inputs()).containsExactly(new PteSummary.TensorDesc("FLOAT", List.of(2L, 1L, 28L, 28L)));
        assertThat(m.outputs()).containsExactly(new PteSummary.TensorDesc("FLOAT", List.of(2L, 10L)));
        assertThat(m.operators()).isEqualTo(export.operatorCounts());
        assertThat(m.plannedBytes()).isEqualTo(export.plan().arenaBytes());
        assertThat(m.delegates()).isEmpty();
        assertThat(s.constantBytes()).isBetween(export.program().constantBytes(),
                export.program().constantBytes() + 16L * export.program().constants().size());
    }

    @Test
    void readsExecuTorchsOwnProgramsWithConstantSegmentsAndAnXnnpackDelegate() throws Exception {
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        Path examples = et.home().resolve("examples");
        PteSummary linear = PteReader.read(build(examples, "addmm_linear", true));
        PteSummary.Method m = linear.methods().get(0);
        assertThat(m.operators()).isEqualTo(Map.of("aten::addmm.out", 1));
        assertThat(m.inputs()).containsExactly(new PteSummary.TensorDesc("FLOAT", List.of(2L, 3L)));
        assertThat(m.outputs()).containsExactly(new PteSummary.TensorDesc("FLOAT", List.of(2L, 4L)));
        assertThat(m.plannedBytes()).isEqualTo(64);
        assertThat(linear.constantBytes()).isEqualTo(64);

        PteSummary xnnpack = PteReader.read(build(examples, "xnnpack_add", false));
        PteSummary.Method add = xnnpack.methods().get(0);
        assertThat(add.delegates()).hasSize(1);
        assertThat(add.delegates().get(0).backend()).isEqualTo("XnnpackBackend");
        assertThat(add.delegates().get(0).bytes()).isPositive();
        assertThat(add.operators()).isEqualTo(Map.of("delegate:XnnpackBackend", 1));
    }

    @Test
    void readsLathesXnnpackDelegatedProgramListingTheDelegateAndItsNamedData() throws Exception {
        PteExport export = OnnxToPte.export(OnnxModel.read(Samples.cnn()), "cnn.onnx", Optional.empty(),
                PteDelegate.XNNPACK);
        PteSummary s = PteReader.read(Files.write(dir.resolve("cnn.pte"), export.bytes()));
        PteSummary.Method m = s.methods().get(0);
        long payload = export.program().delegates().get(0).payload().length;
        assertThat(m.delegates()).containsExactly(new PteSummary.Delegate("XnnpackBackend", payload));
        assertThat(m.operators()).isEqualTo(Map.of("delegate:XnnpackBackend", 1));
        assertThat(m.calls()).containsExactly(new PteSummary.Call("delegate:XnnpackBackend", 0, payload));
        assertThat(m.inputs()).containsExactly(new PteSummary.TensorDesc("FLOAT", List.of(1L, 1L, 28L, 28L)));
        // XNNPACK's weights are named data the delegate reads by key, not constant tensors of the program.
        assertThat(s.namedDataBytes()).isEqualTo(export.program().delegateBytes() - payload).isPositive();
        assertThat(s.parameters()).isZero();
    }

    @Test
    void aProgramCutShortIsNamedAsSuchWithBothSizes() throws Exception {
        byte[] whole = OnnxToPte.export(OnnxModel.read(Samples.cnn()), "cnn.onnx", Optional.empty()).bytes();
        Path cut = Files.write(dir.resolve("cut.pte"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> PteReader.read(cut)).isInstanceOf(ModelFormatException.class)
                .hasMessage("cut.pte: is cut short: its header says " + whole.length + " bytes, the file has "
                        + whole.length / 2 + "; copy or export it again");
    }

    @Test
    void aProgramWithTablesPointingOutsideTheFileIsOneLineNotATrace() throws Exception {
        byte[] bytes = OnnxToPte.export(OnnxModel.read(Samples.cnn()), "cnn.onnx", Optional.empty()).bytes();
        java.util.Random random = new java.util.Random(14);
        for (int trial = 0; trial < 200; trial++) {
            byte[] damaged = bytes.clone();
            for (int i = 0; i < 8; i++) {
                damaged[8 + 32 + random.nextInt(2048)] = (byte) random.nextInt(256);
            }
            Path file = Files.write(dir.resolve("damaged.pte"), damaged);
            try {
                PteReader.read(file);
            } catch (ModelFormatException e) {
                assertThat(e.getMessage()).startsWith("damaged.pte: ").doesNotContain("\n");
            }
        }
        Path rootOutside = Files.write(dir.resolve("root.pte"), bytesWithRoot(bytes, Integer.MAX_VALUE));
        assertThatThrownBy(() -> PteReader.read(rootOutside)).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("root.pte: is a damaged ExecuTorch program");
    }

    @Test
    void readsAnOldProgramWithTheDeprecatedInlineConstantBuffer() throws Exception {
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        ObjectNode program = example(et, "addmm_linear");
        program.remove("constant_segment");
        program.putArray("segments");
        ArrayNode buffers = program.putArray("constant_buffer");
        buffers.addObject().putArray("storage");
        storage(buffers.addObject().putArray("storage"), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        storage(buffers.addObject().putArray("storage"), 0.5f, -1f, 2f, 0.25f);

        PteSummary s = PteReader.read(flatc(et, "inline_constants", program));

        assertThat(s.extendedHeader()).isFalse();
        assertThat(s.segments()).isEmpty();
        assertThat(s.constantBytes()).isEqualTo(64);
        assertThat(s.parameters()).isEqualTo(16);
        PteSummary.Method m = s.methods().get(0);
        assertThat(m.operators()).isEqualTo(Map.of("aten::addmm.out", 1));
        assertThat(m.calls()).containsExactly(new PteSummary.Call("aten::addmm.out", 16, 64));
        assertThat(m.inputs()).containsExactly(new PteSummary.TensorDesc("FLOAT", List.of(2L, 3L)));
        assertThat(m.arenas()).containsExactly(64L);
    }

    @Test
    void listsAnotherBackendsDelegateWithItsIdAndSizeWithoutParsingThePayload() throws Exception {
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        ObjectNode program = example(et, "xnnpack_add");
        ObjectNode delegate = (ObjectNode) program.get("execution_plan").get(0).get("delegates").get(0);
        delegate.put("id", "QnnBackend");
        ArrayNode payload = program.putArray("backend_delegate_data").addObject().putArray("data");
        new java.util.Random(7).ints(1000, 0, 256).forEach(payload::add); // opaque: no FlatBuffer, no header

        PteSummary s = PteReader.read(flatc(et, "qnn_add", program));

        PteSummary.Method m = s.methods().get(0);
        assertThat(m.delegates()).containsExactly(new PteSummary.Delegate("QnnBackend", 1000));
        assertThat(m.operators()).isEqualTo(Map.of("delegate:QnnBackend", 1));
        assertThat(m.inputs()).hasSize(2).allSatisfy(t -> assertThat(t.shape()).containsExactly(2L, 2L));
    }

    @Test
    void aFileThatIsNoProgramIsRefusedNamingIt() throws Exception {
        Path notPte = Files.write(dir.resolve("x.pte"), "hello, world".getBytes());
        assertThatThrownBy(() -> PteReader.read(notPte)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("x.pte").hasMessageContaining("is not an ExecuTorch program");
    }

    /** One of the runtime's example programs as JSON, its delegate payloads still to be compiled or replaced. */
    private static ObjectNode example(ExecuTorchRuntime et, String name) throws Exception {
        return (ObjectNode) Json.mapper().readTree(et.home().resolve("examples").resolve(name + ".json").toFile());
    }

    private static void storage(ArrayNode bytes, float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        for (byte x : b.array()) {
            bytes.add(x & 0xff);
        }
    }

    private static byte[] bytesWithRoot(byte[] program, int root) {
        byte[] out = program.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(0, root);
        return out;
    }

    /** Compiles a program's JSON with ExecuTorch's own schema and FlatBuffers compiler, as its exporter does. */
    private Path flatc(ExecuTorchRuntime et, String name, ObjectNode program) throws Exception {
        Path json = dir.resolve(name + ".json");
        Json.mapper().writeValue(json.toFile(), program);
        Process p = new ProcessBuilder(et.home().resolve("bin/flatc").toString(), "-b", "-o", dir.toString(),
                et.home().resolve("examples/schema/program.fbs").toString(), json.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        return dir.resolve(name + ".pte");
    }

    private Path build(Path examples, String name, boolean segments) throws Exception {
        Path out = dir.resolve(name + ".pte");
        List<String> command = new java.util.ArrayList<>(List.of("python3", examples.resolve("build_pte.py").toString(),
                examples.resolve(name + ".json").toString(), "-o", out.toString()));
        if (segments) {
            command.addAll(List.of("--segments", examples.resolve(name + ".segments.json").toString()));
        }
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        return out;
    }
}
