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
 * 1), so a variant ORT refuses is never handed back.
 */
final class OrtCheck {
    private OrtCheck() {
    }

    /** @param advice what the user can do when ORT refuses the model, appended to the message */
    static void loadAndRun(ModelProto model, String what, String advice) throws QuantizationException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feed = new HashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toByteArray(), options)) {
                for (NodeInfo input : session.getInputInfo().values()) {
                    feed.put(input.getName(), zeros(env, (TensorInfo) input.getInfo()));
                }
                session.run(feed).close();
            }
        } catch (OrtException | ClassCastException e) {
            throw new QuantizationException("The " + what + " model does not run in ONNX Runtime ("
                    + Calibrator.firstLine(e.getMessage()) + "); nothing was written. " + advice, e);
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
