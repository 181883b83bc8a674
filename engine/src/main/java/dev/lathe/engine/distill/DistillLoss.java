package dev.lathe.engine.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.lathe.engine.train.TrainingLoss;

/**
 * Hinton et al.'s distillation loss, {@code α·T²·KL(softmax(t/T) ‖ softmax(s/T)) + (1−α)·CE(s, y)}. The T² factor
 * keeps the soft term's gradients the same size whatever the temperature (they shrink as 1/T² otherwise), so alpha
 * means the same at every T. The teacher's logits are stored without temperature and divided by T here, so one
 * cached set serves every temperature.
 */
final class DistillLoss implements TrainingLoss {
    private final TeacherLogits teacher;
    private final float temperature;
    private final float alpha;

    DistillLoss(TeacherLogits teacher, DistillConfig config) {
        this.teacher = teacher;
        this.temperature = (float) config.temperature();
        this.alpha = (float) config.alpha();
    }

    @Override
    public NDArray mean(NDArray logProbabilities, NDArray labels, int[] examples) {
        int classes = teacher.classes();
        NDArray t = logProbabilities.getManager().create(teacher.rows(examples), new Shape(examples.length, classes));
        NDArray logTeacher = t.div(temperature).logSoftmax(1);
        NDArray logStudent = logProbabilities.div(temperature).logSoftmax(1);
        NDArray kl = logTeacher.exp().mul(logTeacher.sub(logStudent)).sum(new int[] {1}).mean();
        NDArray ce = TrainingLoss.crossEntropy(logProbabilities, labels);
        return kl.mul(alpha * temperature * temperature).add(ce.mul(1 - alpha));
    }
}
