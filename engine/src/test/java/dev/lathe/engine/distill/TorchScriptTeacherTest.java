package dev.lathe.engine.distill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.torchscript.TorchScriptSession;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.train.FineTuneConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TorchScript teacher: its soft targets come from PyTorch, the ONNX student trains on them as on any teacher's. */
class TorchScriptTeacherTest {
    @TempDir
    Path cache;

    @Test
    void aTorchScriptTeacherRunsInPyTorchAndTeachesAnOnnxStudent() throws Exception {
        DistillFixtures.start();
        Runtimes runtimes = Runtimes.inProcess(Samples.cacheDir(), (file, shape, options) ->
                new TorchScriptSession(Samples.PYTORCH, file, shape));
        Path pt = Path.of(TorchScriptTeacherTest.class.getResource("/torchscript/fashion_cnn.pt").toURI());
        Teacher teacher = new Teacher("fashion_cnn.pt", pt, ModelFormat.TORCHSCRIPT);
        OnnxModel student = StudentBuilder.family("fashion_cnn.pt", new TeacherShape(new long[] {1, 28, 28}, 10,
                14426), StudentBuilder.Family.MLP, List.of(16), 3);
        DistillConfig config = new DistillConfig(4, 0.7,
                new FineTuneConfig(FineTuneConfig.Optimizer.ADAM, 2e-3, 64, 1, 11, 256));

        DistillResult result = new Distiller(Samples.PYTORCH, runtimes, cache).distill(teacher, "student", student,
                DistillFixtures.train(), DistillFixtures.FASHION, config, Progress.NONE);

        assertThat(result.teacherInferences()).isEqualTo(256);
        assertThat(result.epochs()).singleElement().satisfies(e -> assertThat(e.meanLoss()).isPositive().isFinite());
        assertThat(result.student().proto().getGraph().getInitializerList())
                .isNotEqualTo(student.proto().getGraph().getInitializerList());
    }
}
