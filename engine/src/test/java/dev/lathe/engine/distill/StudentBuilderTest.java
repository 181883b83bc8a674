package dev.lathe.engine.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.prune.ChannelSurgery;
import dev.lathe.engine.prune.PrunableLayer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudentBuilderTest {
    private static OnnxModel teacher;
    private static TeacherShape shape;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        DistillFixtures.start();
        teacher = DistillFixtures.teacher();
        shape = TeacherShape.of("cnn.onnx", teacher);
    }

    @Test
    void readsTheTeachersExampleShapeClassesAndParameters() {
        assertThat(shape.exampleShape()).containsExactly(1, 28, 28);
        assertThat(shape.classes()).isEqualTo(10);
        assertThat(shape.params()).isEqualTo(447_642);
    }

    @Test
    void halfWidthStudentHasAboutAQuarterOfTheParametersAndRunsInOnnxRuntime() throws Exception {
        OnnxModel student = StudentBuilder.narrower("cnn.onnx", teacher, 0.5, 1);

        double ratio = (double) TeacherShape.params(student) / shape.params();
        assertThat(ratio).isBetween(0.2, 0.3);
        assertThat(ChannelSurgery.layers(student).stream().map(PrunableLayer::channels).toList())
                .containsExactly(24, 24, 48, 48, 32, 10);
        assertThat(DistillFixtures.logits(DistillFixtures.write(student, dir, "half.onnx"), 0, 4).shape())
                .containsExactly(4, 10);
    }

    @Test
    void studentWeightsAreFreshAndFixedByTheSeed() throws Exception {
        OnnxModel a = StudentBuilder.narrower("cnn.onnx", teacher, 0.5, 7);
        OnnxModel b = StudentBuilder.narrower("cnn.onnx", teacher, 0.5, 7);
        OnnxModel c = StudentBuilder.narrower("cnn.onnx", teacher, 0.5, 8);

        assertThat(a.toBytes()).isEqualTo(b.toBytes()).isNotEqualTo(c.toBytes());
        OnnxModel keptTeacherWeights = ChannelSurgery.keepFirst(teacher, 0.5);
        assertThat(a.proto().getGraph().getInitializer(0).getRawData())
                .isNotEqualTo(keptTeacherWeights.proto().getGraph().getInitializer(0).getRawData());
    }

    @Test
    void mlpAndCnnFamilyStudentsBuildForTheTeachersShapeAndRun() throws Exception {
        OnnxModel mlp = StudentBuilder.family("cnn.onnx", shape, StudentBuilder.Family.MLP, List.of(128, 64), 1);
        OnnxModel cnn = StudentBuilder.family("cnn.onnx", shape, StudentBuilder.Family.CNN, List.of(16, 32, 32), 1);

        assertThat(TeacherShape.params(mlp)).isEqualTo(784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);
        // three conv+BN blocks (28→14→7→3, flattened: 32·3·3 features) and the classifier
        assertThat(TeacherShape.params(cnn)).isEqualTo(16 * 9 + 16 + 4 * 16 + 32 * 16 * 9 + 32 + 4 * 32
                + 32 * 32 * 9 + 32 + 4 * 32 + 288 * 10 + 10);
        assertThat(DistillFixtures.logits(DistillFixtures.write(mlp, dir, "mlp.onnx"), 0, 3).shape())
                .containsExactly(3, 10);
        assertThat(DistillFixtures.logits(DistillFixtures.write(cnn, dir, "cnn.onnx"), 0, 3).shape())
                .containsExactly(3, 10);
    }

    @Test
    void refusesAStudentWiderThanItsTeacherGivingBothCounts() {
        assertThatThrownBy(() -> StudentBuilder.family("cnn.onnx", shape, StudentBuilder.Family.MLP,
                List.of(1024), 1))
                .isInstanceOf(DistillException.class)
                .hasMessageContaining("814,090 parameters").hasMessageContaining("447,642")
                .hasMessageContaining("smaller");
        assertThatThrownBy(() -> StudentBuilder.narrower("cnn.onnx", teacher, 1.5, 1))
                .isInstanceOf(DistillException.class).hasMessageContaining("narrower than its teacher");
    }

    @Test
    void refusesACnnStudentForFlatFeaturesAndEmptyLayers() {
        TeacherShape tabular = new TeacherShape(new long[] {20}, 3, 10_000);
        assertThatThrownBy(() -> StudentBuilder.family("mlp.onnx", tabular, StudentBuilder.Family.CNN,
                List.of(8), 1)).isInstanceOf(DistillException.class).hasMessageContaining("Use an mlp student");
        assertThatThrownBy(() -> StudentBuilder.family("cnn.onnx", shape, StudentBuilder.Family.MLP,
                List.of(0), 1)).isInstanceOf(DistillException.class).hasMessageContaining("positive");
    }
}
