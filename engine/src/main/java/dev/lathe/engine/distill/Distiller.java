package dev.lathe.engine.distill;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.train.TrainingListener;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Preprocessing;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.torchscript.PyTorchEngine;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.train.EpochResult;
import dev.lathe.engine.train.FineTuner;
import dev.lathe.engine.train.GraphBlock;
import dev.lathe.engine.train.ParameterConstraint;
import java.nio.file.Path;
import java.util.List;

/**
 * Knowledge distillation: trains a small student to match a teacher's softened outputs as well as the labels, with
 * Hinton et al.'s loss {@code α·T²·KL(softmax(t/T) ‖ softmax(s/T)) + (1−α)·CE(s, y)} (see {@link DistillLoss}; the
 * T² factor is theirs). The teacher runs once per teacher, dataset and preprocessing, in ONNX Runtime or through
 * whichever runtime {@link Runtimes} opens its format with; its logits are cached on disk. The student trains on
 * DJL's PyTorch engine through {@link FineTuner}, so progress, cancellation between batches and reproducibility
 * (same seed, same data ⇒ bit-identical student) are the same as fine-tuning's. Everything that can be checked
 * before training is, so a bad input fails before any training.
 */
public final class Distiller {
    private final PyTorchEngine pytorch;
    private final SoftTargets softTargets;

    /**
     * @param cacheDir where teacher logits are kept between runs; safe to delete (they are recomputed)
     */
    public Distiller(PyTorchEngine pytorch, Runtimes runtimes, Path cacheDir) {
        this.pytorch = pytorch;
        this.softTargets = new SoftTargets(runtimes, cacheDir);
    }

    /**
     * Trains a copy of {@code student} (from {@link StudentBuilder}, or any trainable ONNX classifier) on the first
     * {@code config.training().limit()} examples of {@code data} (all when 0), in file order shuffled by the seed.
     *
     * @throws DistillException when the data is empty, a label has no score in the student (checked before the
     *                          teacher runs), or teacher and student score different numbers of classes
     */
    public DistillResult distill(Teacher teacher, String studentName, OnnxModel student, Dataset data,
                                 Preprocessing pre, DistillConfig config, Progress progress) throws LatheException {
        return distill(teacher, studentName, student, data, pre, config, TrainingListener.NONE, progress);
    }

    /**
     * {@link #distill(Teacher, String, OnnxModel, Dataset, Preprocessing, DistillConfig, Progress)}, telling
     * {@code listener} of the student's batches and epochs as they train (not of the teacher's one pass).
     */
    public DistillResult distill(Teacher teacher, String studentName, OnnxModel student, Dataset data,
                                 Preprocessing pre, DistillConfig config, TrainingListener listener,
                                 Progress progress) throws LatheException {
        int count = config.training().limit() > 0 ? Math.min(config.training().limit(), data.size()) : data.size();
        if (count == 0) {
            throw new DistillException(data.name() + " holds no examples to distil " + teacher.name() + " on");
        }
        pytorch.engine();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            GraphBlock block = GraphBlock.of(studentName, student, manager);
            int studentClasses = classes(block, pre);
            checkLabels(teacher, studentName, studentClasses, data, count);
            long perPass = (long) config.training().epochs() * count;
            TeacherLogits logits = softTargets.of(teacher, data, pre, count, (done, total, message) ->
                    progress.report(done, total + perPass, message));
            checkClasses(teacher, studentName, studentClasses, logits);
            long before = logits.inferred();
            List<EpochResult> epochs = new FineTuner(pytorch, listener).fineTune(studentName, block, data, pre,
                    config.training(), ParameterConstraint.NONE, new DistillLoss(logits, config),
                    (done, total, message) -> progress.report(before + done, before + total, message));
            OnnxModel trained = block.toOnnx();
            return new DistillResult(trained, TeacherShape.params(trained), epochs, logits.inferred());
        }
    }

    private static int classes(GraphBlock block, Preprocessing pre) {
        long[] example = pre.exampleShape();
        long[] shape = new long[example.length + 1];
        shape[0] = 1;
        System.arraycopy(example, 0, shape, 1, example.length);
        Shape out = block.getOutputShapes(new Shape[] {new Shape(shape)})[0];
        return out.dimension() == 2 ? (int) out.get(1) : -1;
    }

    /** Before the teacher runs: every label needs a score in the student. */
    private static void checkLabels(Teacher teacher, String studentName, int studentClasses, Dataset data, int count)
            throws LatheException {
        if (studentClasses < 2) {
            throw new DistillException(studentName + " gives no batch × classes output to train; a student must be"
                    + " a classifier like " + teacher.name());
        }
        for (int i = 0; i < count; i++) {
            int label = data.label(i);
            if (label < 0 || label >= studentClasses) {
                throw new DistillException(data.name() + ": example " + i + " has label " + label + ", but "
                        + studentName + " scores only classes 0 to " + (studentClasses - 1)
                        + ". Use a dataset labelled for this teacher, or build the student for its classes.");
            }
        }
    }

    private static void checkClasses(Teacher teacher, String studentName, int studentClasses, TeacherLogits logits)
            throws DistillException {
        if (studentClasses != logits.classes()) {
            throw new DistillException(studentName + " scores " + studentClasses + " classes but " + teacher.name()
                    + " scores " + logits.classes() + "; build the student for the teacher's " + logits.classes()
                    + " classes");
        }
    }
}
