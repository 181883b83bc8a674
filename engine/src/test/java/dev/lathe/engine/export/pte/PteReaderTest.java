package dev.lathe.engine.export.pte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.Samples;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.model.pte.PteReader;
import dev.lathe.engine.model.pte.PteSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader on Lathe's own programs and on programs built by ExecuTorch's tools (flatc from the runtime's JSON). */
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
    void aFileThatIsNoProgramIsRefusedNamingIt() throws Exception {
        Path notPte = Files.write(dir.resolve("x.pte"), "hello, world".getBytes());
        assertThatThrownBy(() -> PteReader.read(notPte)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("x.pte").hasMessageContaining("is not an ExecuTorch program");
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
