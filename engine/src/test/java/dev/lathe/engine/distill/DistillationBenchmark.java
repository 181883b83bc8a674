package dev.lathe.engine.distill;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.eval.Evaluator;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.SessionOptions;
import dev.lathe.engine.train.EpochResult;
import dev.lathe.engine.train.FineTuneConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The distillation target on the sample CNN: a student with at most 20 % of the teacher's parameters, trained on the
 * full Fashion-MNIST training set (teacher soft targets computed from scratch, into an empty cache), top-1 on all
 * 10 000 test images in ONNX Runtime against the teacher's, and the wall-clock time of the whole distillation. The
 * student trains {@code epochs} epochs at Adam 2e-3, then one more at 3e-4 (the second call reads the cached soft
 * targets). Run with {@code mvn -q -B -ntp -o -pl engine test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.lathe.engine.distill.DistillationBenchmark}; {@code -Dexec.args="0.1 cnn:32,64,64 3"}
 * scales the training set down for a smoke run, and {@code width:0.4} chooses the narrowed teacher instead (it reached
 * 81.8 % against 84.7 % on 3 000 images at twice the epoch time; the teacher's BatchNorms are folded, so it has none).
 */
public final class DistillationBenchmark {
    private DistillationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        String studentSpec = args.length > 1 ? args[1] : "cnn:32,64,64";
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        DistillFixtures.start();
        Path dir = Files.createTempDirectory("lathe-distill-bench");
        OnnxModel teacher = DistillFixtures.teacher();
        TeacherShape shape = TeacherShape.of("cnn.onnx", teacher);
        OnnxModel student = student(studentSpec, teacher, shape);
        Dataset train = DistillFixtures.train();
        int limit = (int) Math.round(train.size() * scale);
        Distiller distiller = new Distiller(DistillFixtures.PYTORCH, DistillFixtures.RUNTIMES, dir.resolve("cache"));

        long t0 = System.nanoTime();
        List<EpochResult> all = new ArrayList<>();
        DistillResult first = distiller.distill(DistillFixtures.TEACHER, "student", student, train,
                DistillFixtures.FASHION, config(2e-3, epochs, limit), printer("distil"));
        all.addAll(first.epochs());
        DistillResult last = distiller.distill(DistillFixtures.TEACHER, "student", first.student(), train,
                DistillFixtures.FASHION, config(3e-4, 1, limit), printer("anneal"));
        all.addAll(last.epochs());
        double seconds = (System.nanoTime() - t0) / 1e9;
        double trainingSeconds = all.stream().mapToLong(EpochResult::millis).sum() / 1e3;

        Path studentFile = dir.resolve("student.onnx");
        last.student().write(studentFile);
        double teacherTop1 = top1(DistillFixtures.TEACHER.file());
        double studentTop1 = top1(studentFile);
        System.out.printf("%nstudent %s: %,d params vs teacher %,d (%.1f %%)%n", studentSpec, last.studentParams(),
                shape.params(), 100.0 * last.studentParams() / shape.params());
        System.out.printf("trained on %d images, %d+1 epochs; teacher inferences %d then %d%n", limit, epochs,
                first.teacherInferences(), last.teacherInferences());
        all.forEach(e -> System.out.printf("  epoch %d: loss %.4f, train top-1 %.2f %%, %d ms%n", e.epoch(),
                e.meanLoss(), 100 * e.accuracy(), e.millis()));
        System.out.printf("top-1 on 10 000 test images: teacher %.2f %%, student %.2f %% (%.1f %% of the"
                + " teacher's)%n", 100 * teacherTop1, 100 * studentTop1, 100 * studentTop1 / teacherTop1);
        System.out.printf("distillation wall time %.0f s (teacher soft targets and set-up %.0f s, student epochs %.0f s)"
                + "%n", seconds, seconds - trainingSeconds, trainingSeconds);
    }

    private static OnnxModel student(String spec, OnnxModel teacher, TeacherShape shape) throws LatheException {
        String[] kv = spec.split(":", 2);
        if (kv[0].equals("width")) {
            return StudentBuilder.narrower("cnn.onnx", teacher, Double.parseDouble(kv[1]), 1);
        }
        List<Integer> layers = Arrays.stream(kv[1].split(",")).map(Integer::valueOf).toList();
        return StudentBuilder.family("cnn.onnx", shape, StudentBuilder.Family.valueOf(kv[0].toUpperCase(Locale.ROOT)),
                layers, 1);
    }

    private static DistillConfig config(double rate, int epochs, int limit) {
        return new DistillConfig(4, 0.7, new FineTuneConfig(FineTuneConfig.Optimizer.ADAM, rate, 64, epochs, 1,
                limit));
    }

    private static Progress printer(String what) {
        long[] last = {-1};
        return (done, total, message) -> {
            long tenth = total > 0 ? done * 10 / total : -1;
            if (tenth != last[0]) {
                last[0] = tenth;
                System.out.printf("%s: %s%n", what, message);
            }
        };
    }

    private static double top1(Path model) throws LatheException {
        try (InferenceSession session = DistillFixtures.RUNTIMES.open(model, ModelFormat.ONNX, Optional.empty(),
                SessionOptions.DEFAULT.withThreads(2))) {
            return new Evaluator().evaluate(session, model.getFileName().toString(), DistillFixtures.test(),
                    DistillFixtures.FASHION, 100, 0, Progress.NONE).top1();
        }
    }
}
