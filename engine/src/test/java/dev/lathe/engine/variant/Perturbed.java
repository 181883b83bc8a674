package dev.lathe.engine.variant;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** A real model with one weight nudged: a stand-in "variant" that differs from its parent, measurably and a little. */
public final class Perturbed {
    private Perturbed() {
    }

    /** Writes {@code source} to {@code target} with the first value of its first initializer changed by {@code delta}. */
    public static Path copy(Path source, Path target, float delta) throws Exception {
        OnnxMl.ModelProto proto = OnnxModel.read(source).proto();
        OnnxMl.GraphProto.Builder graph = proto.getGraph().toBuilder();
        // The first layer's weights: every output depends on them (a later weight may sit behind a dead ReLU).
        int first = 0;
        OnnxMl.TensorProto weights = graph.getInitializer(first);
        ByteBuffer bytes = ByteBuffer.wrap(weights.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putFloat(0, bytes.getFloat(0) + delta);
        graph.setInitializer(first, weights.toBuilder().setRawData(ByteString.copyFrom(bytes.array())));
        new OnnxModel(proto.toBuilder().setGraph(graph).build()).write(target);
        return target;
    }
}
