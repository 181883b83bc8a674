package dev.lathe.engine.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.train.FineTuneConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A half-width student of the sample CNN distilled on 1024 training images, against the same student trained on the
 * labels alone (alpha 0) with the same budget, both judged by agreement with the teacher on 1000 test images. At this
 * budget (2 epochs) the two agreed within a tenth of a point here (77.5 % vs 77.4 %); with 4 epochs labels alone led
 * by 1–2 points, so the test asks soft targets to match within 2 points, not to win.
 */
class DistillerTest {
    private static final int TRAIN = 1024;
    private static final int JUDGE = 1000;

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static Distiller distiller;
    private static Dataset train;
    private static OnnxModel student;
    private static int[] teacherChoices;
    private static DistillResult soft;
    private static DistillResult labelsOnly;

    @BeforeAll
    static void distilTwice() throws Exception {
        DistillFixtures.start();
        distiller = new Distiller(DistillFixtures.PYTORCH, DistillFixtures.RUNTIMES, shared.resolve("cache"));
        train = DistillFixtures.train();
        student = StudentBuilder.narrower("cnn.onnx", DistillFixtures.teacher(), 0.5, 3);
        teacherChoices = DistillFixtures.argMax(DistillFixtures.logits(DistillFixtures.TEACHER.file(), 0, JUDGE));
        soft = distil(0.7, TRAIN, 2);
        labelsOnly = distil(0, TRAIN, 2);
    }

    private static DistillResult distil(double alpha, int limit, int epochs) throws Exception {
        DistillConfig config = new DistillConfig(4, alpha,
                new FineTuneConfig(FineTuneConfig.Optimizer.ADAM, 2e-3, 64, epochs, 11, limit));
        return distiller.distill(DistillFixtures.TEACHER, "student", student, train, DistillFixtures.FASHION, config,
                Progress.NONE);
    }

    private static double agreement(OnnxModel model, Path dir, String name) throws Exception {
        int[] choices = DistillFixtures.argMax(DistillFixtures.logits(DistillFixtures.write(model, dir, name), 0,
                JUDGE));
        return DistillFixtures.agreement(choices, teacherChoices);
    }

    @Test
    void softTargetsRaiseAgreementWithTheTeacherAndMatchLabelsAloneAtTheSameBudget() throws Exception {
        double before = agreement(student, dir, "init.onnx");
        double distilled = agreement(soft.student(), dir, "soft.onnx");
        double trainedOnLabels = agreement(labelsOnly.student(), dir, "labels.onnx");

        assertThat(before).isLessThan(0.3);
        assertThat(distilled).isGreaterThan(before + 0.4).isGreaterThanOrEqualTo(trainedOnLabels - 0.02);
        assertThat(soft.epochs()).hasSize(2);
        assertThat(soft.studentParams()).isEqualTo(TeacherShape.params(student));
    }

    @Test
    void theTeacherRunsOnceAndTheSecondRunReadsItsLogitsFromTheCache() {
        assertThat(soft.teacherInferences()).isEqualTo(TRAIN);
        assertThat(labelsOnly.teacherInferences()).isZero();
    }

    @Test
    void theSameSeedGivesABitIdenticalStudent() throws Exception {
        OnnxModel a = distil(0.7, 256, 1).student();
        OnnxModel b = distil(0.7, 256, 1).student();

        assertThat(a.toBytes()).isEqualTo(b.toBytes());
    }

    @Test
    void labelsTheStudentCannotScoreFailBeforeTheTeacherRunsAndLeaveNothing() throws Exception {
        TeacherShape fiveClasses = new TeacherShape(new long[] {1, 28, 28}, 5, 447_642);
        OnnxModel small = StudentBuilder.family("cnn.onnx", fiveClasses, StudentBuilder.Family.MLP, List.of(16), 1);
        Distiller fresh = new Distiller(DistillFixtures.PYTORCH, DistillFixtures.RUNTIMES, dir.resolve("cache"));
        DistillConfig config = new DistillConfig(4, 0.7,
                new FineTuneConfig(FineTuneConfig.Optimizer.ADAM, 1e-3, 64, 1, 1, 64));

        assertThatThrownBy(() -> fresh.distill(DistillFixtures.TEACHER, "five.onnx", small, train,
                DistillFixtures.FASHION, config, Progress.NONE))
                .isInstanceOf(DistillException.class)
                .hasMessageContaining("has label").hasMessageContaining("classes 0 to 4");
        assertThat(files(dir)).noneMatch(p -> p.toString().endsWith(".logits"));
    }

    @Test
    void aCancelledRunStopsWithoutAStudent() {
        DistillConfig config = new DistillConfig(4, 0.7,
                new FineTuneConfig(FineTuneConfig.Optimizer.ADAM, 1e-3, 64, 1, 1, 128));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> distiller.distill(DistillFixtures.TEACHER, "student", student, train,
                    DistillFixtures.FASHION, config, Progress.NONE)).isInstanceOf(CancelledException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void configRejectsNonsenseWithTheFieldName() {
        FineTuneConfig training = new FineTuneConfig(FineTuneConfig.Optimizer.ADAM, 1e-3, 64, 1, 1, 0);
        assertThatThrownBy(() -> new DistillConfig(0, 0.5, training)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new DistillConfig(4, 1.5, training)).hasMessageContaining("alpha");
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.toList();
        }
    }
}
