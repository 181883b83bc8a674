package dev.lathe.engine.prune;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * Sizes of a model as pruning reports them: stored values, non-zero values, file bytes and gzip bytes. For ONNX the
 * values are every float initializer; for TorchScript the module's float parameters (buffers such as BatchNorm's
 * running statistics are not parameters there).
 */
record ModelSize(long params, long nonZero, long bytes, long gzip) {

    static ModelSize of(OnnxModel model) {
        long params = 0;
        long nonZero = 0;
        for (TensorProto t : model.proto().getGraph().getInitializerList()) {
            if (Weights.isFloat(t)) {
                float[] values = Weights.of(t).values();
                params += values.length;
                for (float v : values) {
                    nonZero += v != 0 ? 1 : 0;
                }
            }
        }
        return of(params, nonZero, model.toBytes());
    }

    /** A model file of any format, its values counted by the caller (a TorchScript module's parameters). */
    static ModelSize of(long params, long nonZero, byte[] file) {
        return new ModelSize(params, nonZero, file.length, gzip(file));
    }

    private static long gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e);
        }
        return out.size();
    }
}
