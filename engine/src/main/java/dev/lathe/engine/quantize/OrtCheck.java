package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * Loads a written model in ONNX Runtime with full optimization and runs it once on zeros (unknown dimensions set to
 * 1), so a variant ORT refuses is never handed back. Some models run only at certain sizes (a detector whose sides
 * must divide by 32): when the original model fails on the same zeros too, the run proves nothing and only the load
 * counts; the recipe's check on the user's input shape follows.
 */
final class OrtCheck {
    private OrtCheck() {
    }

    /** @param advice what the user can do when ORT refuses the model, appended to the message */
    static void loadAndRun(ModelProto model, ModelProto original, String what, String advice)
            throws QuantizationException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toByteArray(), options)) {
                try {
                    runOnZeros(env, session);
                } catch (OrtException e) {
                    if (runsOnZeros(env, original, options)) {
                        throw e;
                    }
                }
            }
        } catch (OrtException | ClassCastException e) {
            throw new QuantizationException("The " + what + " model does not run in ONNX Runtime ("
                    + Calibrator.firstLine(e.getMessage()) + "); nothing was written. " + advice, e);
        }
    }

    private static boolean runsOnZeros(OrtEnvironment env, ModelProto model, OrtSession.SessionOptions options) {
        try (OrtSession session = env.createSession(model.toByteArray(), options)) {
            runOnZeros(env, session);
            return true;
        } catch (OrtException | ClassCastException e) {
            return false;
        }
    }

    private static void runOnZeros(OrtEnvironment env, OrtSession session) throws OrtException {
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            for (NodeInfo input : session.getInputInfo().values()) {
                feed.put(input.getName(), zeros(env, (TensorInfo) input.getInfo()));
            }
            session.run(feed).close();
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor zeros(OrtEnvironment env, TensorInfo info) throws OrtException {
        long[] shape = info.getShape().clone();
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shape[i] < 0 ? 1 : shape[i];
            count *= shape[i];
        }
        OnnxJavaType type = info.type;
        ByteBuffer bytes = ByteBuffer.allocateDirect((int) (count * type.size)).order(ByteOrder.nativeOrder());
        return OnnxTensor.createTensor(env, bytes, shape, type);
    }
}
