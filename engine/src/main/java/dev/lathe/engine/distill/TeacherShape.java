package dev.lathe.engine.distill;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * What a student must match in its teacher: the shape of one example (without the batch dimension), the number of
 * classes it scores, and the parameter count it must stay below. Read from an ONNX teacher by {@link #of}; for a
 * TorchScript teacher the caller takes them from its model summary and the dataset's preprocessing.
 */
public record TeacherShape(long[] exampleShape, int classes, long params) {

    public TeacherShape {
        exampleShape = exampleShape.clone();
        if (exampleShape.length == 0 || Arrays.stream(exampleShape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("example shape must have fixed positive dims, not "
                    + Arrays.toString(exampleShape));
        }
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier scores at least 2 classes, not " + classes);
        }
    }

    @Override
    public long[] exampleShape() {
        return exampleShape.clone();
    }

    /** Reads the first input's and first output's declared shapes and counts the float initializers. */
    public static TeacherShape of(String name, OnnxModel teacher) throws DistillException {
        Set<String> constants = new HashSet<>();
        teacher.proto().getGraph().getInitializerList().forEach(t -> constants.add(t.getName()));
        ValueInfoProto input = teacher.proto().getGraph().getInputList().stream()
                .filter(i -> !constants.contains(i.getName())).findFirst()
                .orElseThrow(() -> new DistillException(name + " has no graph input to feed a student's examples to"));
        long[] in = dims(input);
        long[] out = dims(teacher.proto().getGraph().getOutput(0));
        if (in.length < 2 || Arrays.stream(in).skip(1).anyMatch(d -> d < 1)) {
            throw new DistillException(name + ": input '" + input.getName() + "' has shape " + Arrays.toString(in)
                    + "; a student needs every dimension but the batch fixed. Export the teacher with fixed sizes.");
        }
        if (out.length != 2 || out[1] < 2) {
            throw new DistillException(name + ": its first output has shape " + Arrays.toString(out)
                    + "; distillation needs a classifier giving batch × classes scores");
        }
        return new TeacherShape(Arrays.copyOfRange(in, 1, in.length), (int) out[1], params(teacher));
    }

    /** Float values stored in the model's initializers: what "parameters" means in every student check. */
    public static long params(OnnxModel model) {
        return model.proto().getGraph().getInitializerList().stream()
                .filter(t -> t.getDataType() == TensorProto.DataType.FLOAT_VALUE)
                .mapToLong(t -> t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b))
                .sum();
    }

    private static long[] dims(ValueInfoProto info) {
        return info.getType().getTensorType().getShape().getDimList().stream()
                .mapToLong(d -> d.getValueCase() == TensorShapeProto.Dimension.ValueCase.DIM_VALUE
                        ? d.getDimValue() : -1)
                .toArray();
    }
}
