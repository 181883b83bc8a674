package dev.lathe.engine.model.onnx;

import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.Arrays;

/** Edits of a graph's declared values, for rewrites that change a tensor's shape (training, channel pruning). */
public final class ValueInfos {
    private ValueInfos() {
    }

    /** The same value with its tensor shape replaced by fixed {@code dims}; its name and element type are kept. */
    public static ValueInfoProto withShape(ValueInfoProto info, long[] dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        Arrays.stream(dims).forEach(d -> shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d)));
        ValueInfoProto.Builder b = info.toBuilder();
        b.getTypeBuilder().getTensorTypeBuilder().setShape(shape);
        return b.build();
    }
}
