package dev.lathe.engine.distill;

import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.prune.ChannelSurgery;
import dev.lathe.engine.prune.PruneException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Builds the untrained student of a distillation: either the teacher's own graph made narrower, or a small network
 * of a standard family shaped to the teacher's input and classes. Every student starts from fresh seeded weights
 * (see {@link WeightInit}), not from the teacher's: knowledge reaches it only through the soft targets, which is
 * what makes the result a distilled model rather than a pruned one. A student must be smaller than its teacher.
 */
public final class StudentBuilder {
    /** The standard student shapes; {@code layers} are hidden widths (MLP) or channel counts (CNN). */
    public enum Family { MLP, CNN }

    private StudentBuilder() {
    }

    /**
     * The teacher's graph with every hidden Conv, Gemm and MatMul output-channel count multiplied by {@code width}
     * (rounded, at least 1), keeping the first channels and then re-initialising everything. Layers whose outputs
     * reach a model output (the classes) and the inputs keep their size.
     *
     * @throws DistillException when width is not strictly between 0 and 1, the graph cannot be narrowed, or the
     *                          result is not smaller than the teacher
     */
    public static OnnxModel narrower(String teacherName, OnnxModel teacher, double width, long seed)
            throws DistillException {
        if (!(width > 0 && width < 1)) {
            throw new DistillException(String.format(Locale.ROOT, "student width %s: a student must be narrower"
                    + " than its teacher, so choose a width above 0 and below 1 (0.5 halves every layer)", width));
        }
        OnnxModel narrow;
        try {
            narrow = ChannelSurgery.keepFirst(teacher, width);
        } catch (PruneException e) {
            throw new DistillException(teacherName + " cannot be narrowed into a student: " + e.getMessage()
                    + ". Use a student family (mlp or cnn) instead.", e);
        }
        return checkedSmaller(teacherName, TeacherShape.params(teacher), WeightInit.reinitialise(narrow, seed));
    }

    /**
     * A student of {@code family} for the teacher's example shape and classes.
     *
     * @throws DistillException when a layer size is not positive, a CNN is asked for non-image input, or the
     *                          student is not smaller than the teacher
     */
    public static OnnxModel family(String teacherName, TeacherShape teacher, Family family, List<Integer> layers,
                                   long seed) throws DistillException {
        if (layers.stream().anyMatch(n -> n == null || n < 1)) {
            throw new DistillException("student layers " + layers + ": every hidden width or channel count must be"
                    + " a positive whole number");
        }
        OnnxModel student = switch (family) {
            case MLP -> FamilyGraphs.mlp(layers, teacher);
            case CNN -> {
                if (teacher.exampleShape().length != 3 || layers.isEmpty()) {
                    throw new DistillException("a cnn student needs images (channels × height × width) and at least"
                            + " one channel count; " + teacherName + " takes examples of shape "
                            + Arrays.toString(teacher.exampleShape()) + " and the layers are " + layers
                            + ". Use an mlp student for flat features.");
                }
                yield FamilyGraphs.cnn(layers, teacher);
            }
        };
        return checkedSmaller(teacherName, teacher.params(), WeightInit.reinitialise(student, seed));
    }

    private static OnnxModel checkedSmaller(String teacherName, long teacherParams, OnnxModel student)
            throws DistillException {
        long params = TeacherShape.params(student);
        if (params >= teacherParams) {
            throw new DistillException(String.format(Locale.ROOT, "the student has %,d parameters and %s has"
                    + " %,d: a student wider than its teacher learns nothing worth keeping. Choose a smaller width"
                    + " or fewer, narrower layers.", params, teacherName, teacherParams));
        }
        return student;
    }
}
